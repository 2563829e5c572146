using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using Netperf.Azure.Pairs.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs;

/// <summary>Deletion: the pair's resource group, or its tagged resources in a shared group; never anything untagged.</summary>
public sealed partial class AzureVmPairProvider
{
    // Order for a shared group: VMs (which take their NICs and OS disks), then what they used.
    private static readonly string[] DeleteOrder =
    [
        "Microsoft.Compute/virtualMachines", "Microsoft.Network/networkInterfaces", "Microsoft.Network/publicIPAddresses",
        "Microsoft.Network/virtualNetworks", "Microsoft.Network/networkSecurityGroups",
    ];

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The pair's resource group exists but is not tagged as this pair; it is left alone.</exception>
    public async Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        AzureLog.DeletingPair(_logger, pairId);
        var names = new PairNames(pairId, _options);
        if (names.IsSharedGroup)
        {
            await DeleteFromSharedGroupAsync(names, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteGroupAsync(names, cancellationToken).ConfigureAwait(false);
        }

        if (_secrets.TryRemove(pairId, out var secrets))
        {
            secrets.Dispose();
        }
    }

    private async Task DeleteGroupAsync(PairNames names, CancellationToken cancellationToken)
    {
        var group = await TryGetGroupAsync(names.ResourceGroup, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return;
        }

        var tags = group.Data.Tags.AsReadOnly();
        if (!OwnershipTags.IsOurs(tags) || !string.Equals(tags[OwnershipTags.Pair], names.PairId, StringComparison.OrdinalIgnoreCase))
        {
            AzureLog.NotOurs(_logger, names.ResourceGroup, names.PairId);
            throw new InvalidOperationException(
                $"Resource group '{names.ResourceGroup}' does not carry the ownership tags of pair '{names.PairId}', so it was not deleted. Delete it yourself if it is really Netperf's.");
        }

        try
        {
            var operation = await group.DeleteAsync(WaitUntil.Started, cancellationToken: cancellationToken).ConfigureAwait(false);
            await _lro.WaitAsync(operation, "delete-resource-group", cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone.
        }
    }

    private async Task DeleteFromSharedGroupAsync(PairNames names, CancellationToken cancellationToken)
    {
        var group = _arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(_options.SubscriptionId, names.ResourceGroup));
        var ids = new List<ResourceIdentifier>();
        try
        {
            var filter = $"tagName eq '{OwnershipTags.Pair}' and tagValue eq '{names.PairId}'";
            await foreach (var resource in group.GetGenericResourcesAsync(filter: filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ids.Add(resource.Id);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return;
        }

        foreach (var type in DeleteOrder)
        {
            foreach (var id in ids.Where(i => string.Equals(i.ResourceType.ToString(), type, StringComparison.OrdinalIgnoreCase)))
            {
                try
                {
                    ArmOperation operation = type == DeleteOrder[0]
                        ? await _arm.GetVirtualMachineResource(id).DeleteAsync(WaitUntil.Started, cancellationToken: cancellationToken).ConfigureAwait(false)
                        : await _arm.GetGenericResource(id).DeleteAsync(WaitUntil.Started, cancellationToken).ConfigureAwait(false);
                    await _lro.WaitAsync(operation, $"delete-{id.ResourceType.Type}", cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Deleted with its VM (deleteOption Delete) or already gone.
                }
            }
        }
    }

    /// <summary>Deletes everything of a half-made pair; never cancelled by the caller's token, bounded by the operation timeout.</summary>
    private async Task CleanupAfterFailureAsync(PairNames names)
    {
        using var timeout = new CancellationTokenSource(_options.OperationTimeout, _timeProvider);
        try
        {
            await DeletePairAsync(names.PairId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            AzureLog.CleanupFailed(_logger, names.PairId, e);
        }
    }
}
