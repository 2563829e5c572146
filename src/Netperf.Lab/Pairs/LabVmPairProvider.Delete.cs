using Netperf.Core.Pairs;
using Netperf.Lab.Drivers;
using Netperf.Lab.Pairs.Internal;

namespace Netperf.Lab.Pairs;

/// <content>Deleting pairs (this process's or any other's) and finding VMs across the lab.</content>
public sealed partial class LabVmPairProvider
{
    /// <inheritdoc />
    public async Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        List<LabVm> vms;
        if (_live.TryRemove(pairId, out var live))
        {
            vms = [.. live.Vms];
        }
        else
        {
            // Made by another process (or before a restart): find its VMs by their tags.
            var found = await FindVmsAsync(cancellationToken).ConfigureAwait(false);
            vms = found
                .Where(f => f.Record.Tags.GetValueOrDefault(OwnershipTags.Pair) == pairId)
                .Select(f => new LabVm(f.Host, DriverFor(f.Host.Options), f.Record.Name, f.Record.Tags.GetValueOrDefault(Inventory.LabTags.Role) ?? "unknown"))
                .ToList();
        }

        await DeleteVmsAsync(pairId, vms, checkCrashDumps: true).ConfigureAwait(false);
    }

    private async Task DeleteVmsAsync(string pairId, List<LabVm> vms, bool checkCrashDumps)
    {
        // Deletion is not cancellable: a half-deleted pair is worse than a late one.
        var failures = new List<Exception>();
        foreach (var vm in vms)
        {
            try
            {
                if (checkCrashDumps)
                {
                    var dumps = await vm.Driver.FindCrashDumpsAsync(vm.Host, vm.Name, CancellationToken.None).ConfigureAwait(false);
                    Health.RecordCrashDumps(vm.Host.Name, vm.Name, dumps);
                }
            }
            catch (InvalidOperationException ex)
            {
                LabLog.DeleteVmFailed(_logger, ex, vm.Name, vm.Host.Name);
            }

            try
            {
                await vm.Driver.DeleteVmAsync(vm.Host, vm.Name, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LabLog.DeleteVmFailed(_logger, ex, vm.Name, vm.Host.Name);
                failures.Add(ex);
            }
        }

        foreach (var shell in vms.Select(v => v.Host.Shell).Distinct())
        {
            await shell.DisposeAsync().ConfigureAwait(false);
        }

        _leases.Release(pairId);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"Deleting lab pair {pairId} left {failures.Count} VM(s) behind; the janitor retries, or delete them on the host. First error: {failures[0].Message}",
                failures.Count == 1 ? failures[0] : new AggregateException(failures));
        }

        LabLog.Deleted(_logger, pairId, vms.Count);
    }

    /// <summary>Every VM with the provider's prefix on every host; unreachable hosts are logged and skipped.</summary>
    private async Task<List<(LabHost Host, LabVmRecord Record)>> FindVmsAsync(CancellationToken cancellationToken)
    {
        var prefix = _options.CurrentValue.NamePrefix;
        var perHost = await Task.WhenAll(_options.CurrentValue.Hosts.Where(h => _drivers.ContainsKey(h.Hypervisor)).Select(async host =>
        {
            var labHost = new LabHost(host, _shells.Create(host));
            try
            {
                var records = await DriverFor(host).ListVmsAsync(labHost, prefix, cancellationToken).ConfigureAwait(false);
                return records.Select(r => (labHost, r)).ToList();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LabLog.ListFailed(_logger, ex, host.Name);
                return [];
            }
        })).ConfigureAwait(false);

        // Several inventory hosts may be one machine (the single-machine lab): keep each VM once, on the host it was made on.
        return perHost.SelectMany(x => x)
            .GroupBy(x => x.r.Name, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(x => x.labHost.Name == HostOf(x.r)) is { labHost: not null } own ? own : g.First())
            .Select(x => (x.labHost, x.r))
            .ToList();
    }
}
