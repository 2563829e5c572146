using System.Collections.Concurrent;
using Netperf.Core.Remoting;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.Internal;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Tests.Fakes;

/// <summary>
/// A hypervisor in memory, shared by every host that names it: VMs with tags per host, and failures a test can
/// inject per host and step. Plays the driver for provider tests. Hosts a test puts on one machine
/// (<see cref="Machines"/>) are listed together, as the netns driver lists a machine's namespaces.
/// </summary>
internal sealed class InMemoryHypervisor : IHypervisorDriver, IMachineWideListing
{
    public ConcurrentDictionary<(string Host, string Vm), IReadOnlyDictionary<string, string>> Vms { get; } = new();

    public ConcurrentDictionary<(string Host, string Step), string> Failures { get; } = new();

    public ConcurrentDictionary<(string Host, string Vm), string> CrashDumps { get; } = new();

    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>When set, <see cref="StartVmAsync"/> waits for it (lets a test cancel mid-creation).</summary>
    public TaskCompletionSource? StartGate { get; set; }

    /// <summary>When set, <see cref="DeleteVmAsync"/> waits for it, after counting itself in <see cref="DeletesWaiting"/>.</summary>
    public TaskCompletionSource? DeleteGate { get; set; }

    /// <summary>Each delete waiting at <see cref="DeleteGate"/> writes one item here.</summary>
    public System.Threading.Channels.Channel<string> DeletesWaiting { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>();

    /// <summary>The machine each host is (host name to machine name); a host not named here is a machine of its own.</summary>
    public ConcurrentDictionary<string, string> Machines { get; } = new(StringComparer.Ordinal);

    public string Name => "fake";

    public Task CreateVmAsync(LabHost host, LabVmSpec vm, CancellationToken cancellationToken = default)
    {
        Step(host, "create", vm.Name);
        Vms[(host.Name, vm.Name)] = vm.Tags;
        return Task.CompletedTask;
    }

    /// <summary>Logs the look: every host can run PowerShell (a failure injected for step "pwsh" throws instead).</summary>
    public Task<string?> PowerShellUnavailableAsync(LabHost host, string image, CancellationToken cancellationToken = default)
    {
        Step(host, "pwsh", string.Empty);
        return Task.FromResult<string?>(null);
    }

    public async Task StartVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        Step(host, "start", vmName);
        if (StartGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<string>> WaitForAddressAsync(LabHost host, string vmName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Step(host, "address", vmName);
        return Task.FromResult<IReadOnlyList<string>>([$"10.0.0.{Math.Abs(host.Name.GetHashCode(StringComparison.Ordinal)) % 250}"]);
    }

    /// <summary>Echoes the command's text, naming the host and VM it reached on standard error.</summary>
    public Task<RemoteCommandResult> RunInGuestAsync(LabHost host, string vmName, RemoteCommand command, CancellationToken cancellationToken = default)
    {
        Step(host, "run", vmName);
        return Task.FromResult(new RemoteCommandResult { ExitCode = 0, StandardOutput = command.Text, StandardError = $"{host.Name}/{vmName}", Duration = TimeSpan.Zero });
    }

    public Task StopVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task DeleteVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        Step(host, "delete", vmName);
        if (DeleteGate is { } gate)
        {
            await DeletesWaiting.Writer.WriteAsync(vmName, cancellationToken);
            await gate.Task.WaitAsync(cancellationToken);
        }

        Vms.TryRemove((host.Name, vmName), out _);
    }

    public Task CheckpointAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RestoreAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<LabVmRecord>> ListVmsAsync(LabHost host, string namePrefix, CancellationToken cancellationToken = default)
    {
        Step(host, "list", string.Empty);
        return Task.FromResult<IReadOnlyList<LabVmRecord>>(
            Vms.Where(v => MachineOf(v.Key.Host) == MachineOf(host.Name) && v.Key.Vm.StartsWith(namePrefix, StringComparison.Ordinal))
                .Select(v => new LabVmRecord(v.Key.Vm, v.Value)).ToList());
    }

    public Task SetTagsAsync(LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        Step(host, "tag", vmName);
        Vms[(host.Name, vmName)] = tags;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindCrashDumpsAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(CrashDumps.TryGetValue((host.Name, vmName), out var dump) ? [dump] : []);

    string IMachineWideListing.ListingScope(LabHostOptions host) => MachineOf(host.Name);

    private string MachineOf(string host) => Machines.GetValueOrDefault(host, host);

    private void Step(LabHost host, string step, string vm)
    {
        Log.Enqueue($"{host.Name}:{step}:{vm}");
        if (Failures.TryGetValue((host.Name, step), out var message))
        {
            throw new InvalidOperationException(message);
        }
    }
}
