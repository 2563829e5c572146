using Netperf.Core.Remoting;
using Netperf.Lab.Drivers.HyperV;
using Netperf.Lab.Drivers.Libvirt;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Drivers.Static;

/// <summary>
/// Pre-made VMs from the inventory (today's practice, kept for labs that need it). "Creating" a VM restores its clean
/// checkpoint and writes the job's tags on it; "deleting" it turns it off, restores the checkpoint again and clears
/// the tags, so no job's state reaches the next. The host's hypervisor (<see cref="LabStaticHostOptions.Hypervisor"/>)
/// does the work.
/// </summary>
public sealed class StaticVmDriver : IHypervisorDriver
{
    private readonly Dictionary<string, IHypervisorDriver> _inner;

    /// <summary>Creates the driver over the hypervisor drivers that hold the pre-made VMs.</summary>
    /// <param name="inner">The Hyper-V and libvirt drivers.</param>
    public StaticVmDriver(IEnumerable<IHypervisorDriver> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public string Name => LabHypervisors.Static;

    /// <inheritdoc />
    public async Task CreateVmAsync(LabHost host, LabVmSpec vm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var (inner, settings) = Resolve(host, vm.Name);
        await TurnOffAsync(inner, host, vm.Name, cancellationToken).ConfigureAwait(false);
        await inner.RestoreAsync(host, vm.Name, settings.Checkpoint, cancellationToken).ConfigureAwait(false);
        await SetTagsAsync(inner, host, vm.Name, vm.Tags, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StartVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        var (inner, _) = Resolve(host, vmName);
        try
        {
            await inner.StartVmAsync(host, vmName, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("already", StringComparison.OrdinalIgnoreCase))
        {
            // A checkpoint taken while running restores a running VM.
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> WaitForAddressAsync(LabHost host, string vmName, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Resolve(host, vmName).Inner.WaitForAddressAsync(host, vmName, timeout, cancellationToken);

    /// <inheritdoc />
    public Task<RemoteCommandResult> RunInGuestAsync(LabHost host, string vmName, RemoteCommand command, CancellationToken cancellationToken = default) =>
        Resolve(host, vmName).Inner.RunInGuestAsync(host, vmName, command, cancellationToken);

    /// <inheritdoc />
    public Task StopVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        Resolve(host, vmName).Inner.StopVmAsync(host, vmName, cancellationToken);

    /// <inheritdoc />
    public async Task DeleteVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        var (inner, settings) = Resolve(host, vmName);
        await TurnOffAsync(inner, host, vmName, cancellationToken).ConfigureAwait(false);
        await inner.RestoreAsync(host, vmName, settings.Checkpoint, cancellationToken).ConfigureAwait(false);
        await SetTagsAsync(inner, host, vmName, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CheckpointAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) =>
        Resolve(host, vmName).Inner.CheckpointAsync(host, vmName, checkpoint, cancellationToken);

    /// <inheritdoc />
    public Task RestoreAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) =>
        Resolve(host, vmName).Inner.RestoreAsync(host, vmName, checkpoint, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LabVmRecord>> ListVmsAsync(LabHost host, string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var vmName = host.Options.Static?.VmName ?? string.Empty;
        var (inner, _) = Resolve(host, vmName);
        var all = await inner.ListVmsAsync(host, vmName, cancellationToken).ConfigureAwait(false);
        return all.Where(vm => vm.Name == vmName).ToList();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindCrashDumpsAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        Resolve(host, vmName).Inner.FindCrashDumpsAsync(host, vmName, cancellationToken);

    private static async Task TurnOffAsync(IHypervisorDriver inner, LabHost host, string vmName, CancellationToken cancellationToken)
    {
        try
        {
            await inner.StopVmAsync(host, vmName, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already off.
        }
    }

    /// <inheritdoc />
    public Task SetTagsAsync(LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var (inner, _) = Resolve(host, vmName);
        return SetTagsAsync(inner, host, vmName, tags, cancellationToken);
    }

    private static Task SetTagsAsync(IHypervisorDriver inner, LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        inner switch
        {
            HyperVDriver hyperV => hyperV.SetTagsAsync(host, vmName, tags, cancellationToken),
            LibvirtDriver libvirt => libvirt.SetTagsAsync(host, vmName, tags, cancellationToken),
            _ => throw new InvalidOperationException($"The {inner.Name} driver cannot tag pre-made VMs."),
        };

    private (IHypervisorDriver Inner, LabStaticHostOptions Settings) Resolve(LabHost host, string vmName)
    {
        ArgumentNullException.ThrowIfNull(host);
        var settings = host.Options.Static ?? throw new InvalidOperationException(
            $"Host {host.Name} has no Static settings; add Netperf:Lab:Hosts:N:Static with VmName and Checkpoint.");
        if (!string.Equals(settings.VmName, vmName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Host {host.Name} holds the pre-made VM {settings.VmName}, not {vmName}.");
        }

        return _inner.TryGetValue(settings.Hypervisor, out var inner)
            ? (inner, settings)
            : throw new InvalidOperationException($"No {settings.Hypervisor} driver to manage the pre-made VM {vmName} on {host.Name}.");
    }
}
