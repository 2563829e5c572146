using System.Globalization;
using Azure;
using Azure.ResourceManager.Resources;
using Netperf.Azure.Pairs.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs;

/// <summary>Listing for the janitor: resource groups (or shared-group resources) that carry the ownership tags.</summary>
public sealed partial class AzureVmPairProvider
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<string, PairRecord>(StringComparer.OrdinalIgnoreCase);

        // Tag filters return the resources without their tags, so list everything and filter here.
        await foreach (var group in Subscription.GetResourceGroups().GetAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            AddIfOurs(records, group.Data.Tags);
        }

        if (_options.SharedResourceGroup is { } shared)
        {
            var group = _arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(_options.SubscriptionId, shared));
            try
            {
                await foreach (var resource in group.GetGenericResourcesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    AddIfOurs(records, resource.Data.Tags);
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No shared group, nothing in it.
            }
        }

        return [.. records.Values];
    }

    private static void AddIfOurs(Dictionary<string, PairRecord> records, IDictionary<string, string> tags)
    {
        var readOnly = new Dictionary<string, string>(tags, StringComparer.OrdinalIgnoreCase);
        if (!OwnershipTags.IsOurs(readOnly))
        {
            return;
        }

        var id = readOnly[OwnershipTags.Pair];
        records.TryAdd(id, new PairRecord
        {
            Id = id,
            Environment = EnvironmentName,
            Tags = readOnly,
            CreatedAt = readOnly.TryGetValue(CreatedTag, out var created)
                && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
        });
    }
}
