using Netperf.Core.Remoting;
using Netperf.Lab.Drivers.Internal;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Drivers.Netns;

/// <summary>
/// Linux network namespaces as lightweight VMs. A VM is a namespace with a veth whose host end is a port of the
/// host's lab bridge, its own sshd on its lab address, and its own <c>/root</c>, <c>/tmp</c> and <c>/var/crash</c>
/// (bind-mounted from the VM's state folder in every process the VM runs), so keys and files never mix between jobs.
/// Commands go to the host as POSIX sh run by root. In-guest commands see <c>NETPERF_HOST_KEYS</c> naming the VM's
/// sshd host key, so <c>PeerBootstrapper</c> pins the right key.
/// </summary>
public sealed partial class NetnsDriver : IHypervisorDriver, ILinkShapingDriver, IMachineWideListing
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _commandTimeout;

    /// <summary>Creates the driver.</summary>
    /// <param name="timeProvider">The clock for polling and timeouts; defaults to the system clock.</param>
    /// <param name="commandTimeout">How long one host command may run; defaults to 2 minutes.</param>
    public NetnsDriver(TimeProvider? timeProvider = null, TimeSpan? commandTimeout = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _commandTimeout = commandTimeout ?? TimeSpan.FromMinutes(2);
    }

    /// <inheritdoc />
    public string Name => LabHypervisors.Netns;

    /// <inheritdoc />
    public Task CreateVmAsync(LabHost host, LabVmSpec vm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(vm);
        var o = Settings(host);
        var name = CheckName(vm.Name);
        var d = StateOf(o, name);
        // One program per step where the shell cannot do it: the folders in two mkdirs, the bridge by its add (or the
        // sysfs entry another VM of the pair made), the namespace, its veth and the bridge port in one ip batch, the
        // VM's own end in another (ip batches take no -n per line).
        var script = $"""
            set -e
            if [ -e {NetnsFile(name)} ]; then echo 'VM {name} already exists on this host' >&2; exit 3; fi
            {PosixFindPwsh}{ResolvePwsh}
            {PrivateFolders(o, d)}
            echo {ShellQuoting.Posix(HostCommands.EncodeTags(vm.Tags))} > {d}/tags
            echo {ShellQuoting.Posix(vm.Image)} > {d}/image
            {Link(o, d, vm.Tags.GetValueOrDefault(Netperf.Core.Pairs.OwnershipTags.Pair) ?? name)}
            {(o.CreateBridge ? "ip link add \"$B\" type bridge 2>/dev/null || [ -d /sys/class/net/\"$B\"/bridge ] || ip link show \"$B\" >/dev/null" : "[ -d /sys/class/net/\"$B\" ] || ip link show \"$B\" >/dev/null || { echo \"lab bridge $B is missing on this host; create it with the lab NIC as a port (docs/lab.md)\" >&2; exit 4; }")}
            ip -batch - <<NPL_IP
            netns add {name}
            {(o.CreateBridge ? "link set $B up" : string.Empty)}
            link add {name}h type veth peer name eth0 netns {name}
            link set {name}h master $B
            link set {name}h up
            NPL_IP
            ip -n {name} -batch - <<NPL_IP
            addr add $A dev eth0
            link set lo up
            link set eth0 up
            NPL_IP
            ssh-keygen -q -t ed25519 -N '' -C {name} -f {d}/ssh_host_ed25519_key
            printf '%s\n' 'Port 22' 'HostKey {d}/ssh_host_ed25519_key' 'PidFile {d}/sshd.pid' 'AuthorizedKeysFile .ssh/authorized_keys' \
              'PermitRootLogin prohibit-password' 'PasswordAuthentication no' 'KbdInteractiveAuthentication no' 'UsePAM no' \
              'StrictModes yes' 'UseDNS no' 'Subsystem sftp internal-sftp' > {d}/sshd_config
            {PowerShellSubsystem(d)}
            {Fstab(d)}
            echo "ListenAddress {"${A%%/*}"}" >> {d}/sshd_config
            """;
        return HostCommands.RunCheckedAsync(host.Shell, $"create namespace VM {name}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string?> PowerShellUnavailableAsync(LabHost host, string image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var result = await host.Shell.RunAsync(
            new RemoteCommand { Text = PosixFindPwsh + "[ -n \"$np_pwsh\" ] && echo found", Timeout = _commandTimeout, DisplayName = "find pwsh" }, cancellationToken)
            .ConfigureAwait(false);
        return result.Succeeded && result.StandardOutput.Contains("found", StringComparison.Ordinal)
            ? null
            : $"namespace VMs run the host's programs, and host {host.Name} has no PowerShell 7 (pwsh on PATH or in ~/.dotnet/tools). " +
              "Install it there (dotnet tool install --global PowerShell --version 7.6.10) or ask for a pair without PowerShell.";
    }

    /// <inheritdoc />
    public Task StartVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var name = CheckName(vmName);
        var d = StateOf(o, name);
        var script = $"""
            set -e
            [ -d /run/sshd ] || mkdir -p /run/sshd
            {InGuest(o, name, $"exec {o.SshdPath} -f {d}/sshd_config -E {d}/sshd.log")}
            """;
        return HostCommands.RunCheckedAsync(host.Shell, $"start sshd in {name}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> WaitForAddressAsync(LabHost host, string vmName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var name = CheckName(vmName);
        var d = StateOf(o, name);
        // The address, then "sshd-up", once the VM's sshd runs in the VM's network and listens on port 22 of that address
        // (read from its /proc/PID/net/tcp: the sockets of the process's namespace, the address in either byte order): a
        // listening socket there proves the address is the VM's. The shell alone, no program, per poll.
        var probe = $"np_a=; {ReadFirstLine("np_a", $"{d}/address")}; np_a=${{np_a%%/*}}; np_p=; {ReadFirstLine("np_p", $"{d}/sshd.pid")}; np_up=\n" +
                    $"if [ -n \"$np_a\" ] && [ -n \"$np_p\" ] && kill -0 \"$np_p\" && [ /proc/$np_p/ns/net -ef {NetnsFile(name)} ]; then\n" +
                    "  { while read -r _ np_l _ np_s _; do\n" +
                    "      [ \"$np_s\" = 0A ] && [ \"${np_l#*:}\" = 0016 ] || continue\n" +
                    "      np_h=${np_l%:*}; np_1=${np_h%??????}; np_r=${np_h#??}; np_2=${np_r%????}; np_r=${np_r#??}; np_3=${np_r%??}; np_4=${np_r#??}\n" +
                    "      case $np_a in \"$((0x$np_4)).$((0x$np_3)).$((0x$np_2)).$((0x$np_1))\"|\"$((0x$np_1)).$((0x$np_2)).$((0x$np_3)).$((0x$np_4))\") np_up=1; break ;; esac\n" +
                    "    done < /proc/$np_p/net/tcp; } 2>/dev/null\n" +
                    "fi\n[ -z \"$np_up\" ] || printf '%s\\nsshd-up\\n' \"$np_a\"\n";
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var result = await host.Shell.RunAsync(
                new RemoteCommand { Text = probe, Timeout = _commandTimeout, DisplayName = $"address of {name}" }, cancellationToken).ConfigureAwait(false);
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Contains("sshd-up"))
            {
                return lines.Where(line => line != "sshd-up").ToList();
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new InvalidOperationException(
                    $"VM {name} on {host.Name} did not bring up its address and sshd within {timeout}: {result.StandardError.Trim()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<RemoteCommandResult> RunInGuestAsync(LabHost host, string vmName, RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(command);
        var o = Settings(host);
        var name = CheckName(vmName);
        return host.Shell.RunAsync(command with { Text = EnterGuest(o, name, command.Text) }, cancellationToken);
    }

    /// <inheritdoc />
    public Task StopVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = CheckName(vmName);
        return HostCommands.RunCheckedAsync(host.Shell, $"stop {name}", KillAll(name), _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var name = CheckName(vmName);
        var d = StateOf(o, name);
        // No lock: the VM's bridge goes (when this was its last port) before its folder, and its folder holds the pair's link
        // number until then, so no other pair can take that number while its bridge is still there. A driver-made bridge's
        // ports are read from sysfs where it shows the bridge (ip otherwise). The state folder goes with its last VM; a create
        // that loses that race makes it again.
        var script = $"""
            {KillAll(name)}
            ip -force -batch - <<NPL_IP || :
            netns del {name}
            link del {name}h
            NPL_IP
            B={o.Bridge}; {ReadFirstLine("B", $"{d}/bridge")}
            {(o.CreateBridge ? BridgeGoesWithItsLastPort : string.Empty)}
            rm -rf {d}
            {IfEmpty(o.StateDirectory, $"rmdir {o.StateDirectory} 2>/dev/null || true")}
            if [ -e {NetnsFile(name)} ]; then echo 'namespace {name} is still there' >&2; exit 5; fi
            """;
        return HostCommands.RunCheckedAsync(host.Shell, $"delete {name}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task CheckpointAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var name = CheckName(vmName);
        var d = StateOf(o, name);
        var file = $"{d}/checkpoints/{CheckName(checkpoint)}.tar";
        return HostCommands.RunCheckedAsync(
            host.Shell, $"checkpoint {name}", $"set -e; tar -C {d} -cf {file} root tmp crash", _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public async Task RestoreAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var name = CheckName(vmName);
        var d = StateOf(o, name);
        var file = $"{d}/checkpoints/{CheckName(checkpoint)}.tar";
        var script = $$"""
            set -e
            test -f {{file}} || { echo 'checkpoint {{checkpoint}} of {{name}} does not exist' >&2; exit 6; }
            {{KillAll(name)}}
            rm -rf {{d}}/root {{d}}/tmp {{d}}/crash
            tar -C {{d}} -xf {{file}}
            """;
        await HostCommands.RunCheckedAsync(host.Shell, $"restore {name}", script, _commandTimeout, cancellationToken).ConfigureAwait(false);
        await StartVmAsync(host, name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LabVmRecord>> ListVmsAsync(LabHost host, string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var prefix = CheckName(namePrefix);
        var vmPattern = prefix + string.Concat(Enumerable.Repeat("[0-9a-f]", 8)) + "[a-z]";
        var script = $"for p in {NetnsFolder}/{vmPattern}; do [ -e \"$p\" ] || continue; n=${{p##*/}}; t=; {ReadFirstLine("t", $"{o.StateDirectory}/$n/tags")}; echo \"$n $t\"; done\n" +
                     $"for f in {o.StateDirectory}/{prefix}*/tags; do [ -f \"$f\" ] || continue; n=${{f%/tags}}; n=${{n##*/}}; [ -e {NetnsFolder}/$n ] || {{ t=; IFS= read -r t < \"$f\"; echo \"$n $t\"; }}; done\ntrue\n";
        var result = await HostCommands.RunCheckedAsync(host.Shell, "list namespace VMs", script, _commandTimeout, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => new LabVmRecord(parts[0], HostCommands.DecodeTags(parts.Length > 1 ? parts[1] : null)))
            .ToList();
    }

    /// <summary>
    /// The listing reads the machine's namespaces (<c>/var/run/netns</c>) and the tags in the host's state folder, so hosts
    /// reached the same way (this machine, or one SSH login) with the same state folder list the same VMs.
    /// </summary>
    string IMachineWideListing.ListingScope(LabHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var access = host.Access.Kind == LabHostAccessKind.Local
            ? "local"
            : $"ssh://{host.Access.User}@{host.Address}:{host.Access.Port}";
        return $"{access}|{Settings(host).StateDirectory}";
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindCrashDumpsAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var name = CheckName(vmName);
        var result = await HostCommands.RunCheckedAsync(
            host.Shell, $"crash dumps of {name}", IfNotEmpty($"{StateOf(o, name)}/crash", $"find {StateOf(o, name)}/crash -type f || true"), _commandTimeout, cancellationToken)
            .ConfigureAwait(false);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <inheritdoc />
    public Task SetTagsAsync(LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(tags);
        var d = StateOf(Settings(host), CheckName(vmName));
        var script = $"[ -d {d} ] || {{ echo 'VM {vmName} has no state folder {d}' >&2; exit 8; }}; " +
                     $"echo {ShellQuoting.Posix(HostCommands.EncodeTags(tags))} > {d}/tags.new && mv -f {d}/tags.new {d}/tags";
        return HostCommands.RunCheckedAsync(host.Shell, $"tag {vmName}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task ShapeLinkAsync(LabHost host, string vmName, string netemArguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = CheckName(vmName);
        if (!NetemArguments().IsMatch(netemArguments))
        {
            throw new ArgumentException($"'{netemArguments}' is not netem arguments (such as 'delay 10ms loss 0.1% rate 100mbit').", nameof(netemArguments));
        }

        return ShapeAsync(host, name, netemArguments, cancellationToken);
    }

    private async Task ShapeAsync(LabHost host, string name, string netemArguments, CancellationToken cancellationToken)
    {
        try
        {
            await HostCommands.RunCheckedAsync(
                host.Shell, $"shape link of {name}", $"tc qdisc replace dev {name}h root netem {netemArguments}", _commandTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("qdisc kind is unknown", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Host {host.Name}'s kernel has no netem queueing discipline (sch_netem), so the link cannot be shaped. " +
                "Load it on the host (modprobe sch_netem) or remove Netperf:Lab:Netem and the spec's netperf-lab-netem tag.", ex);
        }
    }
}
