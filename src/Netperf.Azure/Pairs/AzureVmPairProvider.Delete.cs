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
    // Order for a shared group: VMs (which take their NICs and OS disks), then what they used; the NAT gateway after
    // the virtual network whose subnet points at it, its public IP after it. A resource still reserved or in use is
    // tried again in a later pass.
    private static readonly string[] DeleteOrder =
    [
        "Microsoft.Compute/virtualMachines", "Microsoft.Network/networkInterfaces", "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/natGateways", "Microsoft.Network/publicIPAddresses", "Microsoft.Network/networkSecurityGroups",
    ];

    // Answers that mean "not yet": a NIC reserved for ~180 s after its VM went, something still in use by what is being deleted.
    private static readonly HashSet<string> NotYetCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NicReservedForAnotherVm", "NicInUse", "InUseSubnetCannotBeDeleted", "InUseNatGatewayCannotBeDeleted", "PublicIPAddressInUse",
        "InUseNetworkSecurityGroupCannotBeDeleted", "InUseResourceCannotBeDeleted", "AnotherOperationInProgress", "RetryableError",
    };

    private static readonly TimeSpan DeleteRetryDelay = TimeSpan.FromSeconds(30);

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
        using var scope = ArmCallScope.Enter("delete-resource-group", _timeProvider, _options.OperationTimeout);
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
            await _lro.CallAsync("list-pair-resources", async token =>
            {
                await foreach (var resource in group.GetGenericResourcesAsync(filter: filter, cancellationToken: token).ConfigureAwait(false))
                {
                    ids.Add(resource.Id);
                }

                return ids;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return;
        }

        // Pass after pass in dependency order: what is reserved (a NIC for ~180 s after its VM went) or still in use is
        // tried again after a pause, and one resource that cannot go never keeps the others from going.
        var pending = ids.Where(i => Array.FindIndex(DeleteOrder, t => string.Equals(t, i.ResourceType.ToString(), StringComparison.OrdinalIgnoreCase)) >= 0)
            .OrderBy(i => Array.FindIndex(DeleteOrder, t => string.Equals(t, i.ResourceType.ToString(), StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var failed = new List<(ResourceIdentifier Id, string Code)>();
        var started = _timeProvider.GetTimestamp();
        while (pending.Count > 0)
        {
            var waiting = new List<(ResourceIdentifier Id, string Code)>();
            foreach (var id in pending)
            {
                try
                {
                    await DeleteOneAsync(id, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Deleted with its VM (deleteOption Delete) or already gone.
                }
                catch (RequestFailedException e) when (NotYetCodes.Contains(e.ErrorCode ?? string.Empty))
                {
                    waiting.Add((id, e.ErrorCode!));
                }
                catch (Exception e) when (e is RequestFailedException or TimeoutException)
                {
                    var code = e is RequestFailedException r ? r.ErrorCode ?? r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "OperationTimedOut";
                    AzureLog.DeleteAbandoned(_logger, names.PairId, id.ToString(), code);
                    failed.Add((id, code));
                }
            }

            if (waiting.Count == 0)
            {
                break;
            }

            if (_timeProvider.GetElapsedTime(started) + DeleteRetryDelay > _options.OperationTimeout)
            {
                foreach (var (id, code) in waiting)
                {
                    AzureLog.DeleteAbandoned(_logger, names.PairId, id.ToString(), code);
                }

                failed.AddRange(waiting);
                break;
            }

            foreach (var (id, code) in waiting)
            {
                AzureLog.DeleteDeferred(_logger, names.PairId, id.Name, code, (long)DeleteRetryDelay.TotalSeconds);
            }

            await Task.Delay(DeleteRetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            pending = [.. waiting.Select(w => w.Id)];
        }

        if (failed.Count > 0)
        {
            throw new InvalidOperationException(
                $"Deleting pair '{names.PairId}' from the shared group '{names.ResourceGroup}' left {failed.Count} resource(s): " +
                string.Join(", ", failed.Select(f => $"{f.Id.ResourceType.Type}/{f.Id.Name} ({f.Code})")) +
                $". They carry the pair's tags: run the janitor or delete the pair again later.");
        }
    }

    private async Task DeleteOneAsync(ResourceIdentifier id, CancellationToken cancellationToken)
    {
        var step = $"delete-{id.ResourceType.Type}";
        var operation = await _lro.CallAsync<ArmOperation>(step, async token => string.Equals(id.ResourceType.ToString(), DeleteOrder[0], StringComparison.OrdinalIgnoreCase)
            ? await _arm.GetVirtualMachineResource(id).DeleteAsync(WaitUntil.Started, cancellationToken: token).ConfigureAwait(false)
            : await _arm.GetGenericResource(id).DeleteAsync(WaitUntil.Started, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await _lro.WaitAsync(operation, step, cancellationToken).ConfigureAwait(false);
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
