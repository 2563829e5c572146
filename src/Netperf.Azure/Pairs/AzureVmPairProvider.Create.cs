using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Netperf.Azure.Images;
using Netperf.Azure.Pairs.Internal;
using Netperf.Azure.Remoting;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs;

/// <summary>Pair creation: one step at a time, each named; any failure or cancellation deletes the whole pair.</summary>
public sealed partial class AzureVmPairProvider
{
    /// <inheritdoc />
    public async Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AzureImage image;
        try
        {
            image = _catalog.Resolve(request.Spec.Image);
        }
        catch (ArgumentException e)
        {
            throw new PairProvisioningException("image", e.Message, e) { ErrorCode = "UnknownImage" };
        }

        var pairId = request.PairId ?? NewPairId();
        var names = new PairNames(pairId, _options);
        var now = _timeProvider.GetUtcNow();
        var ttl = request.TimeToLive < _options.MaxTimeToLive ? request.TimeToLive : _options.MaxTimeToLive;
        var tags = new Dictionary<string, string>(OwnershipTags.Create(request, pairId, now + ttl), StringComparer.OrdinalIgnoreCase)
        {
            [CreatedTag] = OwnershipTags.FormatExpiry(now),
            [ImageTag] = image.Name,
        };
        // Key generation is CPU work: it overlaps with the network steps and is awaited just before the VMs.
        var secrets = Task.Run(() => image.OsFamily == OsFamily.Windows ? VmSecrets.ForWindows() : VmSecrets.ForLinux(), CancellationToken.None);
        var state = new CreationState(names, tags, _timeProvider.GetTimestamp());
        AzureLog.CreatingPair(_logger, pairId, image.Name, _options.Location, names.ResourceGroup);
        try
        {
            var pair = await CreateStepsAsync(request, image, secrets, state, now + ttl, cancellationToken).ConfigureAwait(false);
            _secrets[pairId] = await secrets.ConfigureAwait(false);
            AzureLog.PairCreated(_logger, pairId, (long)_timeProvider.GetElapsedTime(state.Started).TotalMilliseconds, pair.Client.Name, pair.Peer.Name);
            return pair;
        }
        catch (Exception e)
        {
            (await secrets.ConfigureAwait(false)).Dispose();
            if (e is OperationCanceledException)
            {
                AzureLog.CreationCancelled(_logger, pairId, state.Step);
            }
            else
            {
                AzureLog.StepFailed(_logger, pairId, state.Step, ErrorCodeOf(e) ?? e.GetType().Name, e);
            }

            await CleanupAfterFailureAsync(names).ConfigureAwait(false);
            if (e is OperationCanceledException or PairProvisioningException)
            {
                throw;
            }

            throw ToProvisioningException(state.Step, e);
        }
    }

    private async Task<VmPair> CreateStepsAsync(PairRequest request, AzureImage image, Task<VmSecrets> secretsTask, CreationState state, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var names = state.Names;
        var tags = state.Tags;
        ResourceGroupResource group = null!;
        await StepAsync(state, "resource-group", async () => group = await EnsureGroupAsync(names, tags, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        var network = _options.Network;
        var nsgId = GenericId(group, "networkSecurityGroups", names.SecurityGroup);
        await StepAsync(state, "network-security-group", () => PutGenericAsync(nsgId, NetworkDefinitions.SecurityGroup(Location, tags, network), "network-security-group", cancellationToken)).ConfigureAwait(false);

        ResourceIdentifier? natId = null;
        if (network.NatGateway)
        {
            // The subnet's explicit way out (downloads, GitHub): a NAT gateway with its own public IP, tagged and deleted with the pair.
            var natIpId = GenericId(group, "publicIPAddresses", names.NatPublicIp);
            await StepAsync(state, "nat-public-ip", () => PutGenericAsync(natIpId, NetworkDefinitions.PublicIp(Location, tags), "nat-public-ip", cancellationToken)).ConfigureAwait(false);
            natId = GenericId(group, "natGateways", names.NatGateway);
            await StepAsync(state, "nat-gateway", () => PutGenericAsync(natId, NetworkDefinitions.NatGateway(Location, tags, natIpId), "nat-gateway", cancellationToken)).ConfigureAwait(false);
        }

        var vnetId = GenericId(group, "virtualNetworks", names.VirtualNetwork);
        await StepAsync(state, "virtual-network", () => PutGenericAsync(vnetId, NetworkDefinitions.VirtualNetwork(Location, tags, network, PairNames.Subnet, nsgId, natId), "virtual-network", cancellationToken)).ConfigureAwait(false);
        var subnetId = $"{vnetId}/subnets/{PairNames.Subnet}";

        var nics = new Dictionary<string, ResourceIdentifier>();
        foreach (var role in Roles)
        {
            string? publicIpId = null;
            if (network.PublicIp)
            {
                var pipId = GenericId(group, "publicIPAddresses", names.PublicIp(role));
                await StepAsync(state, $"public-ip-{role}", () => PutGenericAsync(pipId, NetworkDefinitions.PublicIp(Location, tags), $"public-ip-{role}", cancellationToken)).ConfigureAwait(false);
                publicIpId = pipId.ToString();
            }

            var nicId = GenericId(group, "networkInterfaces", names.Nic(role));
            await StepAsync(state, $"nic-{role}", () => PutGenericAsync(nicId, NetworkDefinitions.Nic(Location, tags, subnetId, publicIpId, network.AcceleratedNetworking), $"nic-{role}", cancellationToken)).ConfigureAwait(false);
            nics[role] = nicId;
        }

        var size = request.Spec.Size ?? (image.OsFamily == OsFamily.Windows ? _options.WindowsVmSize : _options.LinuxVmSize);
        var vms = new Dictionary<string, VirtualMachineResource>();
        var secrets = await secretsTask.ConfigureAwait(false);
        await StepAsync(state, "virtual-machines", async () =>
        {
            // Both VMs are started, then polled together; the failing one names the step.
            var started = new List<(string Role, Task<ArmOperation<VirtualMachineResource>> Start)>();
            foreach (var role in Roles)
            {
                var data = VmDefinition.Create(Location, tags, names.Vm(role), image, size, _options.AdminUsername, secrets, nics[role]);
                started.Add((role, group.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Started, names.Vm(role), data, cancellationToken)));
            }

            // The two waits finish on thread-pool threads, often at the same moment: each returns its VM and
            // only this method writes the dictionary, after both are done (Dictionary is not safe for concurrent writes).
            var waits = started.Select(async s =>
            {
                try
                {
                    var operation = await s.Start.ConfigureAwait(false);
                    return (s.Role, Vm: await _lro.WaitAsync(operation, $"vm-{s.Role}", cancellationToken).ConfigureAwait(false));
                }
                catch (Exception e) when (e is RequestFailedException or TimeoutException)
                {
                    throw ToProvisioningException($"vm-{s.Role}", e);
                }
            }).ToList();
            foreach (var (role, vm) in await Task.WhenAll(waits).ConfigureAwait(false))
            {
                vms[role] = vm;
            }
        }).ConfigureAwait(false);

        await StepAsync(state, "vm-agent-ready", () => WaitForAgentsAsync(vms.Values, cancellationToken)).ConfigureAwait(false);

        var machines = new Dictionary<string, Machine>();
        await StepAsync(state, "read-addresses", async () =>
        {
            foreach (var role in Roles)
            {
                machines[role] = await ToMachineAsync(vms[role], nics[role], image.OsFamily, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        return new VmPair
        {
            Id = names.PairId,
            Client = machines["client"],
            Peer = machines["peer"],
            Spec = request.Spec,
            Owner = request.Owner,
            RunId = request.RunId,
            CreatedAt = _timeProvider.GetUtcNow(),
            ExpiresAt = expiresAt,
            Tags = tags,
        };
    }

    private static readonly string[] Roles = ["client", "peer"];

    private async Task<ResourceGroupResource?> TryGetGroupAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Subscription.GetResourceGroups().GetAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task StepAsync(CreationState state, string step, Func<Task> action)
    {
        state.Step = step;
        var started = _timeProvider.GetTimestamp();
        AzureLog.StepStarted(_logger, state.Names.PairId, step);
        try
        {
            using var scope = ArmCallScope.Enter(step, _timeProvider, _options.OperationTimeout);
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or TimeoutException)
        {
            throw ToProvisioningException(step, e);
        }

        AzureLog.StepDone(_logger, state.Names.PairId, step, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<ResourceGroupResource> EnsureGroupAsync(PairNames names, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var groups = Subscription.GetResourceGroups();
        if (names.IsSharedGroup)
        {
            var shared = await TryGetGroupAsync(names.ResourceGroup, cancellationToken).ConfigureAwait(false);
            return shared
                ?? throw new PairProvisioningException("resource-group",
                    $"The shared resource group '{names.ResourceGroup}' ({AzureOptions.SectionName}:SharedResourceGroup) does not exist. Create it or unset the setting to get one group per pair.")
                { ErrorCode = "ResourceGroupNotFound" };
        }

        var data = new ResourceGroupData(Location);
        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        var operation = await groups.CreateOrUpdateAsync(WaitUntil.Started, names.ResourceGroup, data, cancellationToken).ConfigureAwait(false);
        return await _lro.WaitAsync(operation, "resource-group", cancellationToken).ConfigureAwait(false);
    }

    private async Task PutGenericAsync(ResourceIdentifier id, GenericResourceData data, string step, CancellationToken cancellationToken)
    {
        var operation = await _arm.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Started, id, data, cancellationToken).ConfigureAwait(false);
        await _lro.WaitAsync(operation, step, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForAgentsAsync(IEnumerable<VirtualMachineResource> vms, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        foreach (var vm in vms)
        {
            while (true)
            {
                var view = (await vm.InstanceViewAsync(cancellationToken).ConfigureAwait(false)).Value;
                var running = view.Statuses.Any(s => string.Equals(s.Code, "PowerState/running", StringComparison.OrdinalIgnoreCase));
                var agentReady = view.VmAgent?.Statuses.Any(s => string.Equals(s.DisplayStatus, "Ready", StringComparison.OrdinalIgnoreCase)) == true;
                if (running && agentReady)
                {
                    break;
                }

                if (_timeProvider.GetElapsedTime(started) > _options.OperationTimeout)
                {
                    throw new PairProvisioningException("vm-agent-ready",
                        $"The VM agent of '{vm.Id.Name}' did not report Ready within {_options.OperationTimeout}; Run Command needs it. Check the image's agent and outbound access to Azure.")
                    { ErrorCode = "VMAgentNotReady" };
                }

                await Task.Delay(_options.PollDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Machine> ToMachineAsync(VirtualMachineResource vm, ResourceIdentifier nicId, OsFamily osFamily, CancellationToken cancellationToken)
    {
        var nic = (await _arm.GetGenericResource(nicId).GetAsync(cancellationToken).ConfigureAwait(false)).Value;
        var addresses = new List<string>();
        using (var document = JsonDocument.Parse(nic.Data.Properties.ToString()))
        {
            foreach (var configuration in document.RootElement.GetProperty("ipConfigurations").EnumerateArray())
            {
                if (configuration.GetProperty("properties").TryGetProperty("privateIPAddress", out var address) && address.GetString() is { } ip)
                {
                    addresses.Add(ip);
                }
            }
        }

        if (addresses.Count == 0)
        {
            throw new PairProvisioningException("read-addresses", $"NIC '{nicId.Name}' has no private IP address.") { ErrorCode = "NoPrivateAddress" };
        }

        var shell = new AzureRunCommandShell(_arm, vm.Id, Location, osFamily, _lro, _timeProvider, _loggerFactory, _options.RunCommandStartTimeout);
        return new Machine { Name = vm.Id.Name, Addresses = addresses, OsFamily = osFamily, Shell = shell };
    }

    private static ResourceIdentifier GenericId(ResourceGroupResource group, string type, string name) =>
        new($"{group.Id}/providers/Microsoft.Network/{type}/{name}");

    private static string NewPairId() => "az" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();

    private static string? ErrorCodeOf(Exception e) => e switch
    {
        PairProvisioningException p => p.ErrorCode,
        RequestFailedException { Status: 429 } => "TooManyRequests",
        RequestFailedException r => string.IsNullOrEmpty(r.ErrorCode) ? r.Status.ToString(CultureInfo.InvariantCulture) : r.ErrorCode,
        TimeoutException => "OperationTimedOut",
        _ => null,
    };

    private PairProvisioningException ToProvisioningException(string step, Exception e)
    {
        if (e is PairProvisioningException existing)
        {
            return existing;
        }

        var code = ErrorCodeOf(e);
        var firstLine = e.Message.Split('\n')[0].Trim();
        if (e is RequestFailedException { Status: 429 } throttled)
        {
            // Compute sends OperationNotAllowed + TooManyRequests with Retry-After up to 1200 s: that is throttling, not quota.
            var asked = ArmRetryAfter.Read(throttled.GetRawResponse(), _timeProvider);
            var wait = asked is { } a ? $"it asked to retry after {a.TotalSeconds:0} s" : "it gave no retry time";
            return new PairProvisioningException(step,
                $"ARM throttled step '{step}' ({(string.IsNullOrEmpty(throttled.ErrorCode) ? "429" : throttled.ErrorCode)}: {firstLine}); {wait}. " +
                $"Netperf waits out throttling only within {AzureOptions.SectionName}:OperationTimeout ({_options.OperationTimeout}) and :MaxRetries ({_options.MaxRetries}). " +
                "Retry later, create fewer pairs at once, or raise OperationTimeout. Everything of the pair was deleted.", e)
            { ErrorCode = "TooManyRequests" };
        }

        var hint = code switch
        {
            "AllocationFailed" or "ZonalAllocationFailed" => " Try another size or region, or retry later.",
            "QuotaExceeded" => " Request more quota for the VM family or use a smaller size.",
            "OperationNotAllowed" when firstLine.Contains("quota", StringComparison.OrdinalIgnoreCase) => " Request more quota for the VM family or use a smaller size.",
            "SkuNotAvailable" => " Pick a size offered in this region.",
            "OperationTimedOut" => " Raise OperationTimeout or check the Azure activity log.",
            _ => string.Empty,
        };
        return new PairProvisioningException(step, $"ARM error {code ?? "unknown"}: {firstLine}{hint} Everything of the pair was deleted.", e) { ErrorCode = code };
    }

    private sealed class CreationState(PairNames names, Dictionary<string, string> tags, long started)
    {
        public PairNames Names { get; } = names;

        public Dictionary<string, string> Tags { get; } = tags;

        public string Step { get; set; } = "start";

        public long Started { get; } = started;
    }
}
