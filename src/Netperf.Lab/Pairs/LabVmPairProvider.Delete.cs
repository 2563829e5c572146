using Netperf.Core.Pairs;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.Internal;
using Netperf.Lab.Inventory;
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
        // Deletion is not cancellable: a half-deleted pair is worse than a late one. The VMs go at once (each on its own
        // host, or, on one machine, each with its own namespace, veth and folder; a driver keeps what they share right).
        var failures = (await Task.WhenAll(vms.Select(vm => DeleteVmAsync(vm, checkCrashDumps))).ConfigureAwait(false)).OfType<Exception>().ToList();
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

    /// <summary>Checks one VM for crash dumps (when asked) and deletes it; the failure to delete it, or <see langword="null"/>.</summary>
    private async Task<Exception?> DeleteVmAsync(LabVm vm, bool checkCrashDumps)
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
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LabLog.DeleteVmFailed(_logger, ex, vm.Name, vm.Host.Name);
            return ex;
        }
    }

    /// <summary>
    /// Every VM with the provider's prefix on every host; unreachable hosts are logged and skipped. Hosts that are one machine
    /// to their driver (<see cref="IMachineWideListing"/>) are listed once, each VM then going with the host its tags name.
    /// </summary>
    private async Task<List<(LabHost Host, LabVmRecord Record)>> FindVmsAsync(CancellationToken cancellationToken)
    {
        var prefix = _options.CurrentValue.NamePrefix;
        var perMachine = await Task.WhenAll(ByListing(_options.CurrentValue.Hosts.Where(h => _drivers.ContainsKey(h.Hypervisor))).Select(async hosts =>
        {
            var labHosts = hosts.Select(h => new LabHost(h, _shells.Create(h))).ToList();
            try
            {
                var records = await DriverFor(hosts[0]).ListVmsAsync(labHosts[0], prefix, cancellationToken).ConfigureAwait(false);
                return records.Select(r => (labHost: labHosts.FirstOrDefault(h => h.Name == HostOf(r)) ?? labHosts[0], r)).ToList();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                foreach (var host in hosts)
                {
                    LabLog.ListFailed(_logger, ex, host.Name);
                }

                return [];
            }
        })).ConfigureAwait(false);

        // Several inventory hosts may be one machine (the single-machine lab): keep each VM once, on the host it was made on.
        return perMachine.SelectMany(x => x)
            .GroupBy(x => x.r.Name, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(x => x.labHost.Name == HostOf(x.r)) is { labHost: not null } own ? own : g.First())
            .Select(x => (x.labHost, x.r))
            .ToList();
    }

    /// <summary>
    /// The hosts in groups that one listing covers: hosts whose driver lists the whole machine (<see cref="IMachineWideListing"/>)
    /// and share its scope go together, in inventory order; every other host is a group of its own.
    /// </summary>
    private List<List<LabHostOptions>> ByListing(IEnumerable<LabHostOptions> hosts) =>
        hosts.GroupBy(MachineOf, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.ToList())
            .ToList();

    /// <summary>The machine a host is to its driver (<see cref="IMachineWideListing"/>); any other host is a machine of its own.</summary>
    private string MachineOf(LabHostOptions host) =>
        DriverFor(host) is IMachineWideListing machine ? $"{host.Hypervisor}|{machine.ListingScope(host)}" : $"host|{host.Name}";
}
