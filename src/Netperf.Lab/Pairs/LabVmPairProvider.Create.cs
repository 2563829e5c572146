using System.Globalization;
using Netperf.Core.Pairs;
using Netperf.Lab.Drivers;
using Netperf.Lab.Inventory;
using Netperf.Lab.Inventory.Internal;
using Netperf.Lab.Pairs.Internal;
using Netperf.Lab.Placement;
using Netperf.Lab.Placement.Internal;

namespace Netperf.Lab.Pairs;

/// <content>Creating a pair: place, lease, create both VMs, and on any failure delete what was made.</content>
public sealed partial class LabVmPairProvider
{
    /// <inheritdoc />
    public async Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Spec.Environment, EnvironmentName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The lab provider makes '{EnvironmentName}' pairs; the spec asks for '{request.Spec.Environment}'.", nameof(request));
        }

        var options = _options.CurrentValue;
        var netem = NetemFor(request.Spec, options);
        var pairId = request.PairId ?? $"{options.NamePrefix}-{Guid.NewGuid():N}"[..(options.NamePrefix.Length + 13)];
        var placement = await PlaceAsync(pairId, request.Spec.Image, cancellationToken).ConfigureAwait(false);
        var vms = new List<LabVm>();
        var step = "calibrate";
        try
        {
            var baseline = await _calibration.GetBaselineIdAsync(placement, cancellationToken).ConfigureAwait(false);
            var createdAt = _time.GetUtcNow();
            var expiresAt = createdAt + request.TimeToLive;
            var tags = new Dictionary<string, string>(OwnershipTags.Create(request, pairId, expiresAt), StringComparer.OrdinalIgnoreCase)
            {
                [LabTags.ClientHost] = placement.ClientHost.Name,
                [LabTags.PeerHost] = placement.PeerHost.Name,
                [LabTags.Baseline] = baseline,
                [CreatedTag] = createdAt.ToString("O", CultureInfo.InvariantCulture),
                [ImageTag] = request.Spec.Image,
            };
            foreach (var host in new[] { placement.ClientHost, placement.PeerHost })
            {
                foreach (var (key, value) in host.Tags)
                {
                    tags.TryAdd($"netperf-lab-{(host == placement.ClientHost ? "client" : "peer")}-{key}", value);
                }
            }

            if (request.RequirePowerShell)
            {
                tags[Netperf.Core.Bootstrapping.PeerBootstrapper.ShellTag] = Netperf.Core.Bootstrapping.PeerBootstrapper.PowerShellShell;
            }

            var hash = ShortHash(pairId);
            vms.Add(OpenVm(placement.ClientHost, hash, "client"));
            vms.Add(OpenVm(placement.PeerHost, hash, "peer"));
            if (request.RequirePowerShell)
            {
                step = "powershell";

                // A netns VM runs its host's programs: the two VMs of one machine (the single-machine lab's) need one look.
                foreach (var vm in vms.DistinctBy(vm => MachineOf(vm.Host.Options), StringComparer.OrdinalIgnoreCase))
                {
                    if (await vm.Driver.PowerShellUnavailableAsync(vm.Host, request.Spec.Image, cancellationToken).ConfigureAwait(false) is { } reason)
                    {
                        throw new PairRequestException($"PowerShell 7 was asked for, but the lab's {request.Spec.Image} {vm.Role} cannot have it: {reason} Nothing was created.");
                    }
                }
            }

            step = "create-vm";
            var machines = await Task.WhenAll(vms.Select(vm => BringUpAsync(vm, request.Spec, tags, options, cancellationToken))).ConfigureAwait(false);
            if (netem is not null)
            {
                step = "shape-link";
                foreach (var vm in vms)
                {
                    var shaper = vm.Driver as ILinkShapingDriver ?? throw new InvalidOperationException(
                        $"Link shaping needs the netns driver; host {vm.Host.Name} runs {vm.Driver.Name}. Remove Netperf:Lab:Netem or the spec's {LabTags.Netem} tag.");
                    await shaper.ShapeLinkAsync(vm.Host, vm.Name, netem, cancellationToken).ConfigureAwait(false);
                }
            }

            var pair = new VmPair
            {
                Id = pairId,
                Client = machines[0],
                Peer = machines[1],
                Spec = request.Spec,
                Owner = request.Owner,
                RunId = request.RunId,
                CreatedAt = createdAt,
                ExpiresAt = expiresAt,
                Tags = tags,
                LinkStaysOnHost = LinkStaysOnHost(vms[0].Host.Options, vms[1].Host.Options),
            };
            _live[pairId] = new LivePair(pairId, vms, expiresAt);
            StartHeartbeat();
            LabLog.Created(_logger, pairId, vms[0].Name, vms[0].Host.Name, vms[1].Name, vms[1].Host.Name);
            return pair;
        }
        catch (Exception ex)
        {
            var failedStep = ex is VmStepException vmStep ? vmStep.Step : step;
            LabLog.CreateFailed(_logger, ex, pairId, failedStep);
            await DeleteVmsAsync(pairId, vms, checkCrashDumps: false).ConfigureAwait(false);
            if ((ex is OperationCanceledException && cancellationToken.IsCancellationRequested) || ex is PairRequestException)
            {
                throw;
            }

            throw new PairProvisioningException(
                failedStep,
                $"Creating lab pair {pairId} on {placement.ClientHost.Name} and {placement.PeerHost.Name} failed; nothing was left behind. {(ex as VmStepException)?.InnerException?.Message ?? ex.Message}",
                ex is VmStepException { InnerException: { } inner } ? inner : ex);
        }
    }

    private LabVm OpenVm(LabHostOptions host, string hash, string role)
    {
        var name = host.Hypervisor == LabHypervisors.Static && host.Static is { } stat
            ? stat.VmName
            : $"{_options.CurrentValue.NamePrefix}{hash}{role[0]}";
        return new LabVm(new LabHost(host, _shells.Create(host)), DriverFor(host), name, role);
    }

    private async Task<Machine> BringUpAsync(
        LabVm vm, MachineSpec spec, IReadOnlyDictionary<string, string> pairTags, LabOptions options, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(pairTags, StringComparer.OrdinalIgnoreCase) { [LabTags.Role] = vm.Role };
        var step = "create-vm";
        try
        {
            await vm.Driver.CreateVmAsync(vm.Host, new LabVmSpec { Name = vm.Name, Image = spec.Image, Tags = tags }, cancellationToken).ConfigureAwait(false);
            step = "start-vm";
            await vm.Driver.StartVmAsync(vm.Host, vm.Name, cancellationToken).ConfigureAwait(false);
            step = "wait-address";
            var addresses = await vm.Driver.WaitForAddressAsync(vm.Host, vm.Name, options.AddressTimeout, cancellationToken).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                throw new InvalidOperationException($"VM {vm.Name} on {vm.Host.Name} reported no address.");
            }

            Health.RecordSuccess(vm.Host.Name);
            return new Machine
            {
                Name = vm.Name,
                Addresses = addresses,
                OsFamily = spec.OsFamily,
                Shell = new GuestShell(vm.Driver, vm.Host, vm.Name, spec.OsFamily),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Health.RecordFailure(vm.Host.Name, step, ex.Message);
            throw new VmStepException(step, ex);
        }
    }

    private async Task<LabPlacement> PlaceAsync(string pairId, string image, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var deadline = _time.GetUtcNow() + options.PlacementTimeout;
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var waitingLogged = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var released = _leases.Released;
            var placement = HostPlanner.Choose(options.Hosts.Where(h => UnavailableReason(h, excluded) is null), image);
            if (placement is not null && _leases.TryAcquire([(placement.ClientHost.Name, placement.ClientHost.MaxVms), (placement.PeerHost.Name, placement.PeerHost.MaxVms)], pairId, options.LeaseTimeToLive))
            {
                var busy = await FindBusyHostsAsync(placement, pairId, cancellationToken).ConfigureAwait(false);
                if (busy.Count == 0)
                {
                    LabLog.Placed(_logger, pairId, image, placement.ClientHost.Name, placement.PeerHost.Name, placement.Link);
                    return placement;
                }

                _leases.Release(pairId);
                excluded.UnionWith(busy);
                continue;
            }

            // Would any placement exist if every lease were free? If not, waiting cannot help.
            var possible = HostPlanner.Choose(options.Hosts.Where(h => UnavailableReason(h, excluded, ignoreLeases: true) is null), image);
            var why = HostPlanner.Explain(options.Hosts, image, h => UnavailableReason(h, excluded));
            if (possible is null || _time.GetUtcNow() >= deadline)
            {
                throw new PairProvisioningException(
                    "place",
                    $"No two hosts can take lab pair {pairId} ({image}) {(possible is null ? "now or later" : $"within {options.PlacementTimeout}")}: {why}. " +
                    "Add hosts to Netperf:Lab:Hosts, clear quarantined hosts, or raise Netperf:Lab:PlacementTimeout.");
            }

            if (!waitingLogged)
            {
                LabLog.Waiting(_logger, pairId, image, why);
                waitingLogged = true;
            }

            var remaining = deadline - _time.GetUtcNow();
            var poll = remaining < TimeSpan.FromSeconds(5) ? remaining : TimeSpan.FromSeconds(5);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(released, Task.Delay(poll > TimeSpan.Zero ? poll : TimeSpan.Zero, _time, stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private string? UnavailableReason(LabHostOptions host, HashSet<string> excluded, bool ignoreLeases = false)
    {
        if (!host.Enabled)
        {
            return "disabled";
        }

        if (Health.IsQuarantined(host.Name))
        {
            return "quarantined";
        }

        if (excluded.Contains(host.Name))
        {
            return "busy or unreachable";
        }

        if (!_drivers.ContainsKey(host.Hypervisor))
        {
            return $"no driver for {host.Hypervisor}";
        }

        return !ignoreLeases && _leases.CountOn(host.Name) >= host.MaxVms && _leases.HolderOf(host.Name) is { } holder
            ? host.MaxVms == 1 ? $"leased to {holder}" : $"runs {host.MaxVms} VMs (its MaxVms)"
            : null;
    }

    /// <summary>
    /// The placement's hosts that already run <c>MaxVms</c> VMs of other pairs (made by any process), or that cannot be
    /// listed. The two hosts are listed once when they are one machine to their driver (the single-machine lab's).
    /// </summary>
    private async Task<List<string>> FindBusyHostsAsync(LabPlacement placement, string pairId, CancellationToken cancellationToken)
    {
        var busy = new List<string>();
        foreach (var hosts in ByListing([placement.ClientHost, placement.PeerHost]))
        {
            var shell = _shells.Create(hosts[0]);
            await using (shell.ConfigureAwait(false))
            {
                try
                {
                    var vms = await DriverFor(hosts[0]).ListVmsAsync(new LabHost(hosts[0], shell), _options.CurrentValue.NamePrefix, cancellationToken).ConfigureAwait(false);
                    foreach (var host in hosts)
                    {
                        var foreign = vms.Where(vm => OwnershipTags.IsOurs(vm.Tags) && vm.Tags[OwnershipTags.Pair] != pairId
                            && HostOf(vm) == host.Name).ToList();
                        if (foreign.Count >= host.MaxVms)
                        {
                            LabLog.HostBusy(_logger, host.Name, foreign[0].Name);
                            busy.Add(host.Name);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    foreach (var host in hosts)
                    {
                        Health.RecordFailure(host.Name, "reach-host", ex.Message);
                        busy.Add(host.Name);
                    }
                }
            }
        }

        return busy;
    }

    /// <summary>The inventory host a VM record belongs to, from its role and the pair's host tags.</summary>
    private static string? HostOf(LabVmRecord vm) =>
        vm.Tags.GetValueOrDefault(LabTags.Role) == "client" ? vm.Tags.GetValueOrDefault(LabTags.ClientHost) : vm.Tags.GetValueOrDefault(LabTags.PeerHost);

    private static string? NetemFor(MachineSpec spec, LabOptions options)
    {
        if (spec.Tags.TryGetValue(LabTags.Netem, out var fromSpec) && !string.IsNullOrWhiteSpace(fromSpec))
        {
            return fromSpec.Trim();
        }

        if (options.Netem is { IsEmpty: false } netem)
        {
            var errors = new List<string>();
            LabOptionsValidator.ValidateNetem(netem, "Netperf:Lab:Netem", errors);
            return errors.Count == 0 ? netem.ToNetemArguments() : throw new InvalidOperationException(string.Join(" ", errors));
        }

        return null;
    }

    private sealed class VmStepException(string step, Exception inner) : Exception($"{step}: {inner.Message}", inner)
    {
        public string Step { get; } = step;
    }
}
