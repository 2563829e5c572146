using Azure;
using Azure.ResourceManager.Resources;
using Netperf.Azure.Pairs.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs;

/// <content>Moving a pair's persisted expiry forward while it is in use (the pair pool's heartbeats).</content>
public sealed partial class AzureVmPairProvider
{
    /// <inheritdoc />
    /// <remarks>
    /// Rewrites the <c>netperf-expires</c> tag of the pair's resource group (where <see cref="ListPairsAsync"/> and so the
    /// janitor read it). With <see cref="AzureOptions.SharedResourceGroup"/> the tags live on each resource and this
    /// returns <see langword="false"/>: keep such pairs' time-to-live above the longest run.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The pair's resource group is missing or does not carry the pair's ownership tags.</exception>
    public async Task<bool> ExtendExpiryAsync(string pairId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        var names = new PairNames(pairId, _options);
        if (names.IsSharedGroup)
        {
            return false;
        }

        var group = await TryGetGroupAsync(names.ResourceGroup, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Pair '{pairId}' has no resource group '{names.ResourceGroup}' (any more).");
        var tags = new Dictionary<string, string>(group.Data.Tags, StringComparer.OrdinalIgnoreCase);
        if (!OwnershipTags.IsOurs(tags) || !string.Equals(tags[OwnershipTags.Pair], names.PairId, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Resource group '{names.ResourceGroup}' does not carry the ownership tags of pair '{names.PairId}', so its tags were not changed.");
        }

        var updated = OwnershipTags.WithLaterExpiry(tags, expiresAt);
        if (ReferenceEquals(updated, tags))
        {
            return true;
        }

        var data = new ResourceGroupData(group.Data.Location);
        foreach (var (key, value) in group.Data.Tags)
        {
            data.Tags[key] = value;
        }

        data.Tags[OwnershipTags.Expires] = updated[OwnershipTags.Expires];
        var operation = await Subscription.GetResourceGroups().CreateOrUpdateAsync(WaitUntil.Started, names.ResourceGroup, data, cancellationToken).ConfigureAwait(false);
        await _lro.WaitAsync(operation, "extend-expiry", cancellationToken).ConfigureAwait(false);
        return true;
    }
}
