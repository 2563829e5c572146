using System.Globalization;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Netperf.Azure.Pairs.Internal;
using Netperf.Azure.Remoting;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs;

/// <content>Opening a pair made earlier (by another process's <c>pairs create</c>) from ARM: its VMs, tags and NICs.</content>
public sealed partial class AzureVmPairProvider
{
    /// <inheritdoc />
    /// <remarks>
    /// The pair's two VMs are read from ARM by their resource ids (the names follow from the pair id, as for deletion) and
    /// must carry the pair's ownership tags; each gets a new <see cref="AzureRunCommandShell"/>, which reuses the VM's
    /// run-command resource. No secret is needed (Run Command goes through ARM); the pair's admin credential stays with
    /// the process that made it, or nowhere. Nothing is created or changed.
    /// </remarks>
    public async Task<VmPair> OpenPairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        var names = new PairNames(pairId, _options);
        using var scope = ArmCallScope.Enter("open-pair", _timeProvider, _options.OperationTimeout);
        var vms = new Dictionary<string, VirtualMachineResource>(StringComparer.Ordinal);
        foreach (var role in Roles)
        {
            var id = VirtualMachineResource.CreateResourceIdentifier(_options.SubscriptionId, names.ResourceGroup, names.Vm(role));
            VirtualMachineResource vm;
            try
            {
                vm = (await _arm.GetVirtualMachineResource(id).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new InvalidOperationException($"Azure pair '{pairId}' has no {role} VM '{names.Vm(role)}' in resource group '{names.ResourceGroup}'; it does not exist (see 'pairs list').", e);
            }

            var vmTags = vm.Data.Tags.AsReadOnly();
            if (!OwnershipTags.IsOurs(vmTags) || !string.Equals(vmTags[OwnershipTags.Pair], pairId, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"VM '{vm.Id.Name}' in resource group '{names.ResourceGroup}' does not carry the ownership tags of pair '{pairId}', so it was not opened.");
            }

            vms[role] = vm;
        }

        // The group's tags are the pair's (its expiry moves forward there while the pair is leased); a shared group's are not.
        var tags = new Dictionary<string, string>(vms["client"].Data.Tags, StringComparer.OrdinalIgnoreCase);
        if (!names.IsSharedGroup && await TryGetGroupAsync(names.ResourceGroup, cancellationToken).ConfigureAwait(false) is { } group
            && OwnershipTags.IsOurs(group.Data.Tags.AsReadOnly()))
        {
            foreach (var (key, value) in group.Data.Tags)
            {
                tags[key] = value;
            }
        }

        var os = OsFamilyOf(vms["client"].Data);
        var image = tags.GetValueOrDefault(ImageTag) ?? (os == OsFamily.Windows ? "windows" : "linux");
        var machines = new Dictionary<string, Machine>(StringComparer.Ordinal);
        foreach (var role in Roles)
        {
            var vm = vms[role];
            var nic = vm.Data.NetworkProfile?.NetworkInterfaces.FirstOrDefault()?.Id
                ?? throw new InvalidOperationException($"VM '{vm.Id.Name}' of pair '{pairId}' has no network interface.");
            machines[role] = await ToMachineAsync(vm, nic, OsFamilyOf(vm.Data), cancellationToken).ConfigureAwait(false);
        }

        var createdAt = tags.TryGetValue(CreatedTag, out var created)
            && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : _timeProvider.GetUtcNow();
        return new VmPair
        {
            Id = pairId,
            Client = machines["client"],
            Peer = machines["peer"],
            Spec = new MachineSpec { Image = image, Environment = EnvironmentName, Size = vms["client"].Data.HardwareProfile?.VmSize?.ToString() },
            Owner = tags[OwnershipTags.Owner],
            RunId = tags[OwnershipTags.Run],
            CreatedAt = createdAt,
            ExpiresAt = OwnershipTags.TryGetExpiry(tags) ?? createdAt,
            Tags = tags,
        };
    }

    /// <summary>The tag that names the image a pair was made of, so a process that opens it later knows its spec.</summary>
    private const string ImageTag = "netperf-image";

    private static OsFamily OsFamilyOf(VirtualMachineData vm) =>
        vm.OSProfile?.WindowsConfiguration is not null || vm.StorageProfile?.OSDisk?.OSType == SupportedOperatingSystemType.Windows
            ? OsFamily.Windows
            : OsFamily.Linux;
}
