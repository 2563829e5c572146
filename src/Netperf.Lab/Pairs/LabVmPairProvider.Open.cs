using Netperf.Core.Pairs;
using Netperf.Lab.Drivers;
using Netperf.Lab.Inventory;
using Netperf.Lab.Pairs.Internal;

namespace Netperf.Lab.Pairs;

/// <content>Opening a pair made earlier (by another process's <c>pairs create</c>), from its VMs' tags.</content>
public sealed partial class LabVmPairProvider
{
    /// <summary>The most a re-opened pair's VM may take to report its address (a running VM answers at once).</summary>
    private static readonly TimeSpan OpenAddressTimeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    /// <remarks>
    /// The pair's VMs are found on the hosts by their tags, as <see cref="ListPairsAsync"/> finds them, and reached as at
    /// creation: through each VM's host (the inventory's access: a local process, or SSH with the inventory's key file and
    /// known-hosts) and the hypervisor's in-guest channel. The pair's own key stays in the client VM, where the bootstrapper
    /// made it. Nothing is started or changed; disposing a machine's shell closes the session to its host.
    /// </remarks>
    public async Task<VmPair> OpenPairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        var found = await FindVmsAsync(cancellationToken).ConfigureAwait(false);
        var vms = found.Where(f => f.Record.Tags.GetValueOrDefault(OwnershipTags.Pair) == pairId).ToList();
        var client = vms.FirstOrDefault(v => v.Record.Tags.GetValueOrDefault(LabTags.Role) == "client");
        var peer = vms.FirstOrDefault(v => v.Record.Tags.GetValueOrDefault(LabTags.Role) == "peer");
        var kept = new List<LabHost>();
        try
        {
            if (client.Record is null || peer.Record is null)
            {
                throw new InvalidOperationException(vms.Count == 0
                    ? $"No VM of lab pair '{pairId}' was found on any host; it does not exist (see 'pairs list'), or its hosts cannot be reached."
                    : $"Lab pair '{pairId}' has no {(client.Record is null ? "client" : "peer")} VM any more ({string.Join(", ", vms.Select(v => $"{v.Record.Name} on {v.Host.Name}"))} is left); delete it.");
            }

            var tags = PairTags([client.Record, peer.Record]);

            var image = tags.GetValueOrDefault(ImageTag) ?? client.Host.Options.Images.FirstOrDefault() ?? "unknown";
            var spec = new MachineSpec { Image = image, Environment = EnvironmentName };
            kept.Add(client.Host);
            kept.Add(peer.Host);
            var machines = await Task.WhenAll(
                ReopenAsync(client.Host, client.Record.Name, spec.OsFamily, cancellationToken),
                ReopenAsync(peer.Host, peer.Record.Name, spec.OsFamily, cancellationToken)).ConfigureAwait(false);
            var createdAt = CreatedAt(tags) ?? _time.GetUtcNow();
            return new VmPair
            {
                Id = pairId,
                Client = machines[0],
                Peer = machines[1],
                Spec = spec,
                Owner = tags.GetValueOrDefault(OwnershipTags.Owner, string.Empty),
                RunId = tags.GetValueOrDefault(OwnershipTags.Run, string.Empty),
                CreatedAt = createdAt,
                ExpiresAt = OwnershipTags.TryGetExpiry(tags) ?? createdAt,
                Tags = tags,
                LinkStaysOnHost = LinkStaysOnHost(client.Host.Options, peer.Host.Options),
            };
        }
        catch
        {
            kept.Clear();
            throw;
        }
        finally
        {
            // The sessions of the hosts the pair does not run on (or of every host, when opening failed) are done with.
            foreach (var shell in found.Select(v => v.Host.Shell).Except(kept.Select(h => h.Shell)).Distinct())
            {
                await shell.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Machine> ReopenAsync(LabHost host, string vmName, OsFamily os, CancellationToken cancellationToken)
    {
        var driver = DriverFor(host.Options);
        var timeout = _options.CurrentValue.AddressTimeout < OpenAddressTimeout ? _options.CurrentValue.AddressTimeout : OpenAddressTimeout;
        IReadOnlyList<string> addresses;
        try
        {
            addresses = await driver.WaitForAddressAsync(host, vmName, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"VM {vmName} on {host.Name} is not running (it reported no address within {timeout.TotalSeconds:0} s): {ex.Message}", ex);
        }

        return new Machine
        {
            Name = vmName,
            Addresses = addresses,
            OsFamily = os,
            Shell = new GuestShell(driver, host, vmName, os, ownsHostShell: true),
        };
    }
}
