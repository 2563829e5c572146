using Netperf.Core.Remoting;

namespace Netperf.Lab.Drivers;

/// <summary>
/// Drives one kind of hypervisor on a host through the host's shell. Every operation is idempotent where it can be
/// (deleting a missing VM succeeds) and throws <see cref="InvalidOperationException"/> with the host's answer when the
/// hypervisor refuses.
/// </summary>
public interface IHypervisorDriver
{
    /// <summary>The hypervisor name this driver serves (see <see cref="Inventory.LabHypervisors"/>).</summary>
    string Name { get; }

    /// <summary>Creates a VM from the image's base disk as a differencing/overlay disk, with its tags; the VM is not started.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vm">What to create.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>A task that completes when the VM exists.</returns>
    Task CreateVmAsync(LabHost host, LabVmSpec vm, CancellationToken cancellationToken = default);

    /// <summary>
    /// Why a VM of <paramref name="image"/> on this host cannot have PowerShell 7 (asked for with
    /// <c>PairRequest.RequirePowerShell</c>), checked before anything is created; <see langword="null"/> when it can. The default
    /// says it can and leaves the proof to the bootstrapper (images are the lab's own).
    /// </summary>
    /// <param name="host">The host.</param>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    Task<string?> PowerShellUnavailableAsync(LabHost host, string image, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    /// <summary>Starts a VM.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the VM is starting.</returns>
    Task StartVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default);

    /// <summary>Waits until the VM reports an IPv4 address on the lab network (and its remote access is up).</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The VM's addresses, preferred first.</returns>
    Task<IReadOnlyList<string>> WaitForAddressAsync(LabHost host, string vmName, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Runs a command inside the VM through the host (no network path to the VM needed).</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="command">The command, in the guest's shell.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The guest command's result.</returns>
    Task<RemoteCommandResult> RunInGuestAsync(LabHost host, string vmName, RemoteCommand command, CancellationToken cancellationToken = default);

    /// <summary>Stops a VM (hard stop; a job's VM holds nothing worth a clean shutdown).</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="cancellationToken">Cancels the stop.</param>
    /// <returns>A task that completes when the VM is off.</returns>
    Task StopVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default);

    /// <summary>Deletes a VM and everything of it (disks, state, links); succeeds when it does not exist.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>A task that completes when the VM is gone.</returns>
    Task DeleteVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default);

    /// <summary>Takes a named checkpoint (snapshot) of a VM.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="checkpoint">The checkpoint's name.</param>
    /// <param name="cancellationToken">Cancels the checkpoint.</param>
    /// <returns>A task that completes when the checkpoint exists.</returns>
    Task CheckpointAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Restores a VM to a named checkpoint.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="checkpoint">The checkpoint's name.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>A task that completes when the VM is back at the checkpoint.</returns>
    Task RestoreAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Lists the VMs on the host whose name starts with <paramref name="namePrefix"/>, with their persisted tags.</summary>
    /// <param name="host">The host.</param>
    /// <param name="namePrefix">The provider's name prefix.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The VMs found.</returns>
    Task<IReadOnlyList<LabVmRecord>> ListVmsAsync(LabHost host, string namePrefix, CancellationToken cancellationToken = default);

    /// <summary>Finds crash dumps the guest left (kernel dumps, memory dumps); an empty list when there are none.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The dumps found, as paths or descriptions.</returns>
    Task<IReadOnlyList<string>> FindCrashDumpsAsync(LabHost host, string vmName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a VM's persisted tags, as <see cref="ListVmsAsync"/> then reports them (the pair pool moves
    /// <c>netperf-expires</c> forward with it while the pair is leased). The default cannot and throws.
    /// </summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="tags">The tags; empty clears them.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the tags are stored.</returns>
    /// <exception cref="NotSupportedException">This driver cannot change a VM's tags.</exception>
    Task SetTagsAsync(LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        Task.FromException(new NotSupportedException($"The {Name} driver cannot change a VM's tags."));
}
