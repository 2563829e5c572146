using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Netperf.Testing.Arm;

/// <summary>
/// A guest handler for <see cref="FakeArmServer.GuestHandler"/> that answers Netperf's bootstrap scripts
/// (<c># netperf-step: name</c> with <c>NETPERF_X='v'</c> inputs) the way a pair of VMs would: the client
/// makes a key; the peer reports its SSH host key and admits that key from one address; the client maps
/// <c>netperf-peer</c> to an address and pins the host keys it was given; the readiness proof echoes its nonce
/// only if the alias points at a VM whose host key is pinned and that admits this client's key from this
/// client's address. A step that downloads something on a fresh VM fails as its download helper does
/// (exit 20, <c>netperf-no-outbound: url</c>) when the VM has no outbound access. Any other script goes to <see cref="Fallback"/>.
/// </summary>
public sealed partial class BootstrapGuestSimulator
{
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentBag<(string From, string Key)>> _authorized = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _peerAlias = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string[]> _pinnedHostKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _hostKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string? Network, string Address)> _addressOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<GuestCommand> _commands = new();
    private readonly RunCommandWrapperGuest _wrapper;

    /// <summary>Creates the simulator (it answers Netperf's Run Command wrapper around the steps, see <see cref="RunCommandWrapperGuest"/>).</summary>
    public BootstrapGuestSimulator()
    {
        _wrapper = new RunCommandWrapperGuest(HandleStepAsync);
    }

    /// <summary>The wrapper emulation (and the fake VMs' files).</summary>
    public RunCommandWrapperGuest Wrapper => _wrapper;

    /// <summary>Tools every simulated VM has (for the <c>tools</c> step); default a few common ones.</summary>
    public ISet<string> InstalledTools { get; } = new HashSet<string>(["bash", "ssh", "iperf3", "pwsh"], StringComparer.Ordinal);

    /// <summary>Answers scripts that are not bootstrap steps; default: exit 0, no output.</summary>
    public Func<GuestCommand, CancellationToken, Task<GuestResult>> Fallback { get; set; } = (_, _) => Task.FromResult(GuestResult.Ok);

    /// <summary>A step name to fail (exit 1) for tests of failure paths; <see langword="null"/> for none.</summary>
    public string? FailStep { get; set; }

    /// <summary>
    /// Gives a VM (<c>resourceGroup/vmName</c>) a new SSH host key, as an impostor answering at its address would
    /// present: a client that pinned the old key must refuse it.
    /// </summary>
    /// <param name="vm">The VM, as <c>resourceGroup/vmName</c>.</param>
    public void ReplaceHostKey(string vm) => _hostKeys[vm] = NewHostKey();

    /// <summary>The SSH host key a VM (<c>resourceGroup/vmName</c>) presents.</summary>
    /// <param name="vm">The VM.</param>
    /// <returns>The key as <c>type base64</c>.</returns>
    public string HostKeyOf(string vm) => _hostKeys.GetOrAdd(vm, _ => NewHostKey());

    /// <summary>Every command the simulated VMs received.</summary>
    public IReadOnlyList<GuestCommand> Commands => [.. _commands];

    /// <summary>The handler to assign to <see cref="FakeArmServer.GuestHandler"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancelled when the run command is deleted or times out.</param>
    /// <returns>The VM's answer.</returns>
    public async Task<GuestResult> HandleAsync(GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Machines is not { } machines || !string.Equals(command.OsType, "Linux", StringComparison.OrdinalIgnoreCase))
        {
            return await _wrapper.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var step = StepPattern().Match(command.Script);
        if (!step.Success)
        {
            return await machines.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (step.Groups[1].Value is not ("client-key" or "peer-alias") || step.Groups[1].Value == FailStep)
        {
            return await _wrapper.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        }

        // Runs on the VM; the model learns what the VM did (its key; the alias and pins), for the modelled proof.
        var real = await machines.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        if (real.ExitCode != 0)
        {
            return real;
        }

        var vm = $"{command.ResourceGroup}/{command.VmName}";
        if (step.Groups[1].Value == "client-key")
        {
            var key = real.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ssh-", StringComparison.Ordinal));
            if (key is null)
            {
                return new GuestResult(1, real.Output, real.Error + "client-key printed no public key\n");
            }

            _keys[vm] = key;
        }

        await _wrapper.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        return real;
    }

    /// <summary>
    /// Real VMs for the steps that only touch the VM itself, or <see langword="null"/> (the default) to model every
    /// step. When set, on Linux VMs: a script that is not a bootstrap step (a runner installation, a job's command)
    /// runs there for real; <c>client-key</c> and <c>peer-alias</c> run there for real and the model learns their
    /// effect (the key the VM made, the alias and pinned keys); the steps that need an SSH server and a network
    /// between the VMs (<c>peer-setup</c>, <c>peer-admit</c>, <c>prove-ready</c>) and <c>tools</c> stay modelled.
    /// </summary>
    public LinuxShellGuest? Machines { get; init; }

    private Task<GuestResult> HandleStepAsync(GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Enqueue(command);
        var vm = $"{command.ResourceGroup}/{command.VmName}";
        if (command.PrivateIpAddress is { } ip)
        {
            _addressOf[vm] = (command.VirtualNetworkId, ip);
        }

        var step = StepPattern().Match(command.Script);
        if (!step.Success)
        {
            return Fallback(command, cancellationToken);
        }

        var name = step.Groups[1].Value;
        if (name == FailStep)
        {
            return Task.FromResult(new GuestResult(1, string.Empty, $"simulated failure of {name}"));
        }

        var inputs = Internal.ScriptInputs.Parse(command.Script);
        if (!command.HasOutboundAccess && Downloads(name, command.OsType, inputs) is { } download)
        {
            // What the step's download helper prints when the download fails: the VM has no way out to the internet.
            return Task.FromResult(new GuestResult(20, string.Empty,
                $"curl: (28) Failed to connect to {download.Host} port 443 after 21002 ms: Timeout was reached\nnetperf-no-outbound: {download}\n"));
        }

        return Task.FromResult(name switch
        {
            "client-key" => new GuestResult(0, _keys.GetOrAdd(vm, v => $"ssh-ed25519 AAAAC3Nza{Math.Abs(v.GetHashCode(StringComparison.Ordinal))} netperf-client") + "\n"),
            "peer-setup" => PeerSetup(vm, inputs),
            "peer-admit" => PeerAdmit(vm, inputs),
            "peer-alias" => Alias(vm, inputs),
            "tools" => Tools(inputs),
            "prove-ready" => Prove(vm, inputs),
            _ => new GuestResult(0),
        });
    }

    private GuestResult PeerSetup(string vm, IReadOnlyDictionary<string, string> inputs)
    {
        if (inputs.ContainsKey("CLIENT_KEY"))
        {
            _authorized.GetOrAdd(vm, _ => []).Add((inputs.GetValueOrDefault("CLIENT_IP", string.Empty), inputs.GetValueOrDefault("CLIENT_KEY", string.Empty)));
        }

        return new GuestResult(0, $"netperf-host-key {HostKeyOf(vm)}\nnetperf-peer-ready\n");
    }

    private GuestResult PeerAdmit(string vm, IReadOnlyDictionary<string, string> inputs)
    {
        _authorized.GetOrAdd(vm, _ => []).Add((inputs.GetValueOrDefault("CLIENT_IP", string.Empty), inputs.GetValueOrDefault("CLIENT_KEY", string.Empty)));
        return new GuestResult(0, "netperf-admit-ready\n");
    }

    /// <summary>
    /// What a step downloads on a fresh VM, if anything: Windows images lack PowerShell 7 (and the OpenSSH server
    /// capability comes from Windows Update); a Linux peer downloads PowerShell only when asked to install it.
    /// </summary>
    private static Uri? Downloads(string step, string osType, IReadOnlyDictionary<string, string> inputs) => (step, osType) switch
    {
        ("peer-setup", "Windows") or ("peer-alias", "Windows") => new Uri("https://aka.ms/install-powershell.ps1"),
        ("peer-setup", _) when inputs.GetValueOrDefault("INSTALL_PWSH") == "1" => new Uri("https://api.snapcraft.io/v2/snaps/info/powershell"),
        _ => null,
    };

    private GuestResult Alias(string vm, IReadOnlyDictionary<string, string> inputs)
    {
        _peerAlias[vm] = inputs.GetValueOrDefault("PEER_IP", string.Empty);
        _pinnedHostKeys[vm] = inputs.GetValueOrDefault("HOST_KEYS", string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries);
        return new GuestResult(0, "netperf-alias-ready\n");
    }

    private GuestResult Tools(IReadOnlyDictionary<string, string> inputs)
    {
        var missing = inputs.GetValueOrDefault("TOOLS", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !InstalledTools.Contains(t)).ToList();
        return missing.Count == 0 ? new GuestResult(0, "netperf-tools-ready\n") : new GuestResult(3, $"missing: {string.Join(' ', missing)}\n");
    }

    private GuestResult Prove(string vm, IReadOnlyDictionary<string, string> inputs)
    {
        if (!_peerAlias.TryGetValue(vm, out var peerIp))
        {
            return new GuestResult(255, string.Empty, "ssh: Could not resolve hostname netperf-peer: Name or service not known\n");
        }

        // Private addresses repeat across virtual networks: the alias reaches a VM only inside the client's own network.
        var network = _addressOf.GetValueOrDefault(vm).Network;
        var peer = _addressOf.FirstOrDefault(a => a.Value.Address == peerIp
            && string.Equals(a.Value.Network, network, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(a.Key, vm, StringComparison.OrdinalIgnoreCase)).Key;
        if (peer is null)
        {
            return new GuestResult(255, string.Empty, $"ssh: connect to host netperf-peer ({peerIp}) port 22: No route to host\n");
        }

        if (!_pinnedHostKeys.TryGetValue(vm, out var pinned) || !pinned.Contains(HostKeyOf(peer), StringComparer.Ordinal))
        {
            // StrictHostKeyChecking yes: an unknown or changed key is refused before any authentication.
            return new GuestResult(255, string.Empty, "No ED25519 host key is known for netperf-peer and you have requested strict checking.\nHost key verification failed.\n");
        }

        var clientIp = _addressOf.GetValueOrDefault(vm).Address;
        var key = _keys.GetValueOrDefault(vm);
        var admitted = _authorized.TryGetValue(peer, out var entries) && entries.Any(e => e.From == clientIp && e.Key == key);
        return admitted
            ? new GuestResult(0, $"netperf-ready-{inputs.GetValueOrDefault("NONCE")}\n")
            : new GuestResult(255, string.Empty, "netperf@netperf-peer: Permission denied (publickey).\n");
    }

    private static string NewHostKey() =>
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    [GeneratedRegex(@"^# netperf-step: (\S+)", RegexOptions.Multiline)]
    private static partial Regex StepPattern();
}
