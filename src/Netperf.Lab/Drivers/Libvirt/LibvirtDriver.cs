using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;
using static Netperf.Core.Remoting.ShellQuoting;
using static Netperf.Lab.Drivers.Internal.HostCommands;

namespace Netperf.Lab.Drivers.Libvirt;

/// <summary>
/// libvirt/KVM on a Linux host, driven with <c>virsh</c>, <c>virt-install</c> and <c>qemu-img</c> in POSIX sh.
/// VMs boot from a qcow2 overlay over the image's base disk, carry their tags in the domain description and, written
/// before anything else, in <c>&lt;DiskPath&gt;/&lt;name&gt;.netperf-tags</c> (removed last), report
/// their address through the guest agent (<c>virsh domifaddr --source agent</c>), and run in-guest commands over SSH
/// from the host with the host's guest key, checking the guest's host key strictly against the one the guest agent
/// read from the guest's disk (never trust on first use).
/// </summary>
public sealed class LibvirtDriver : IHypervisorDriver
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _commandTimeout;

    /// <summary>Creates the driver.</summary>
    /// <param name="timeProvider">The clock for polling; defaults to the system clock.</param>
    /// <param name="commandTimeout">How long one host command may run; defaults to 10 minutes.</param>
    public LibvirtDriver(TimeProvider? timeProvider = null, TimeSpan? commandTimeout = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _commandTimeout = commandTimeout ?? TimeSpan.FromMinutes(10);
    }

    /// <summary>The guest's SSH host public key, read through the guest agent and pinned on the host.</summary>
    internal const string GuestHostKeyFile = "/etc/ssh/ssh_host_ed25519_key.pub";

    /// <inheritdoc />
    public string Name => LabHypervisors.Libvirt;

    /// <inheritdoc />
    public Task CreateVmAsync(LabHost host, LabVmSpec vm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(vm);
        var o = Settings(host);
        if (!o.BaseImages.TryGetValue(vm.Image, out var baseImage))
        {
            throw new InvalidOperationException($"Host {host.Name} has no base qcow2 for image '{vm.Image}'; add it to Netperf:Lab:Hosts:N:Libvirt:BaseImages.");
        }

        var disk = $"{o.DiskPath}/{vm.Name}.qcow2";

        // Write-ahead: the tags file comes before the disk and the domain, so a kill at any point leaves something
        // ListVmsAsync reports with its ownership tags (the domain's description holds them too once it is defined).
        var script = $"""
            set -e
            mkdir -p {Posix(o.DiskPath)}
            printf '%s\n' {Posix(EncodeTags(vm.Tags))} > {Posix(TagsFile(o, vm.Name))}
            rm -f {Posix(KnownHostsFile(o, vm.Name))}
            qemu-img create -q -f qcow2 -F qcow2 -b {Posix(baseImage)} {Posix(disk)}
            virt-install --connect {Posix(o.ConnectionUri)} --name {Posix(vm.Name)} --memory {o.MemoryMb} --vcpus {o.Processors} --import --disk path={Posix(disk)},format=qcow2,bus=virtio --network bridge={Posix(o.Bridge)},model=virtio --os-variant {Posix(o.OsVariant)} --channel unix,target.type=virtio,target.name=org.qemu.guest_agent.0 --graphics none --metadata description={Posix(EncodeTags(vm.Tags))} --print-xml > {Posix($"{o.DiskPath}/{vm.Name}.xml")}
            virsh -c {Posix(o.ConnectionUri)} define {Posix($"{o.DiskPath}/{vm.Name}.xml")} >/dev/null
            """;
        return RunCheckedAsync(host.Shell, $"create libvirt domain {vm.Name}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task StartVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        Virsh(host, $"start {vmName}", $"start {Posix(vmName)}", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> WaitForAddressAsync(LabHost host, string vmName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var result = await host.Shell.RunAsync(
                new RemoteCommand { Text = $"virsh -c {Posix(Settings(host).ConnectionUri)} domifaddr {Posix(vmName)} --source agent", Timeout = _commandTimeout },
                cancellationToken).ConfigureAwait(false);
            var addresses = ParseDomIfAddr(result.StandardOutput);
            if (result.Succeeded && addresses.Count > 0)
            {
                return addresses;
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new InvalidOperationException(
                    $"libvirt domain {vmName} on {host.Name} reported no IPv4 address within {timeout}: {result.StandardError.Trim()}. Check that the image runs qemu-guest-agent.");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the IPv4 addresses (without prefix) from <c>virsh domifaddr</c> output, loopback excluded.</summary>
    /// <param name="output">The command's output.</param>
    /// <returns>The addresses in order.</returns>
    public static IReadOnlyList<string> ParseDomIfAddr(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 4 && parts[^2] == "ipv4")
            .Select(parts => parts[^1].Split('/')[0])
            .Where(address => !address.StartsWith("127.", StringComparison.Ordinal))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<RemoteCommandResult> RunInGuestAsync(LabHost host, string vmName, RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(command);
        var o = Settings(host);
        var addresses = await WaitForAddressAsync(host, vmName, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        var text = PinGuestHostKey(o, vmName) +
                   $"ssh -i {Posix(o.GuestIdentityFile)} -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=\"$kh\" -o GlobalKnownHostsFile=/dev/null " +
                   $"-o HostKeyAlias={Posix(vmName)} -o LogLevel=ERROR {Posix($"{o.GuestUser}@{addresses[0]}")} -- {Posix(command.Text)}";
        return await host.Shell.RunAsync(command with { Text = text }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The host-side lines that make sure <c>$kh</c> (the domain's known_hosts file beside its disk) pins the guest's
    /// SSH host key, read through the guest agent (<c>guest-file-open</c>/<c>guest-file-read</c> of
    /// <see cref="GuestHostKeyFile"/>): a virtio channel that nothing on the network can answer, so the key is never
    /// learnt from whoever answers at the guest's address. Read once per domain (the file is removed with the domain).
    /// </summary>
    private static string PinGuestHostKey(LabLibvirtHostOptions o, string vmName)
    {
        var agent = $"virsh -c {Posix(o.ConnectionUri)} qemu-agent-command {Posix(vmName)}";
        return $$$"""
            kh={{{Posix(KnownHostsFile(o, vmName))}}}
            if [ ! -s "$kh" ]; then
              h=$({{{agent}}} '{"execute":"guest-file-open","arguments":{"path":"{{{GuestHostKeyFile}}}","mode":"r"}}' </dev/null | sed -n 's/.*"return":\([0-9][0-9]*\).*/\1/p')
              k=$({{{agent}}} "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":${h:-0},\"count\":16384}}" </dev/null | sed -n 's/.*"buf-b64":"\([^"]*\)".*/\1/p' | base64 -d 2>/dev/null | cut -d' ' -f1,2)
              [ -z "$h" ] || {{{agent}}} "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":$h}}" </dev/null >/dev/null 2>&1 || true
              case "$k" in
                ssh-*\ *|ecdsa-*\ *) printf '%s %s\n' {{{Posix(vmName)}}} "$k" > "$kh.tmp" && mv -f "$kh.tmp" "$kh" ;;
                *) echo "netperf: could not read the SSH host key of {{{vmName}}} through the guest agent ({{{GuestHostKeyFile}}}); the guest must run qemu-guest-agent with guest-file-open/read allowed" >&2; exit 255 ;;
              esac
            fi

            """.ReplaceLineEndings("\n");
    }

    private static string KnownHostsFile(LabLibvirtHostOptions o, string vmName) => $"{o.DiskPath}/{vmName}.known_hosts";

    /// <inheritdoc />
    public Task StopVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        Virsh(host, $"stop {vmName}", $"destroy {Posix(vmName)}", cancellationToken);

    /// <inheritdoc />
    public Task DeleteVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var v = $"virsh -c {Posix(o.ConnectionUri)}";
        var script = $"""
            if {v} dominfo {Posix(vmName)} >/dev/null 2>&1; then
              {v} destroy {Posix(vmName)} >/dev/null 2>&1 || true
              {v} undefine {Posix(vmName)} --snapshots-metadata --nvram >/dev/null 2>&1 || {v} undefine {Posix(vmName)} --snapshots-metadata >/dev/null
            fi
            rm -f {Posix($"{o.DiskPath}/{vmName}.qcow2")} {Posix($"{o.DiskPath}/{vmName}.xml")} {Posix(KnownHostsFile(o, vmName))}
            rm -f {Posix(TagsFile(o, vmName))}
            """;
        return RunCheckedAsync(host.Shell, $"delete {vmName}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task CheckpointAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) =>
        Virsh(host, $"checkpoint {vmName}", $"snapshot-create-as {Posix(vmName)} {Posix(checkpoint)}", cancellationToken);

    /// <inheritdoc />
    public Task RestoreAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) =>
        Virsh(host, $"restore {vmName}", $"snapshot-revert {Posix(vmName)} {Posix(checkpoint)}", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LabVmRecord>> ListVmsAsync(LabHost host, string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var v = $"virsh -c {Posix(o.ConnectionUri)}";

        // Domains (tags from the file a create wrote first, else from the description), then tags files whose domain
        // was never defined (a create killed before 'virsh define').
        var t = Posix(o.DiskPath) + "/\"$d\"" + TagsSuffix;
        var script =
            $"names=$({v} list --all --name | grep {Posix("^" + namePrefix)}); " +
            $"for d in $names; do if [ -f {t} ]; then echo \"$d $(cat {t})\"; else echo \"$d $({v} desc \"$d\")\"; fi; done; " +
            $"for f in {Posix(o.DiskPath)}/{Posix(namePrefix)}*{TagsSuffix}; do [ -f \"$f\" ] || continue; d=$(basename \"$f\" {TagsSuffix}); " +
            "printf '%s\\n' \"$names\" | grep -qx \"$d\" || echo \"$d $(cat \"$f\")\"; done";
        var result = await RunCheckedAsync(host.Shell, "list domains", script, _commandTimeout, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Select(p => new LabVmRecord(p[0], DecodeTags(p.Length > 1 ? p[1] : null)))
            .ToList();
    }

    /// <summary>Writes a domain's tags into its description (and its tags file, when it has one): the static driver's pre-made VMs, the pool's expiry extension.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The domain.</param>
    /// <param name="tags">The tags; empty clears them.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the tags are written.</returns>
    public Task SetTagsAsync(LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(host);

        // The tags file written ahead at creation is what ListVmsAsync reads first: it changes with the description.
        var file = Posix(TagsFile(Settings(host), vmName));
        var text = tags.Count == 0 ? string.Empty : EncodeTags(tags);
        var script = $"virsh -c {Posix(Settings(host).ConnectionUri)} desc {Posix(vmName)} --config {Posix(text)} && " +
                     (tags.Count == 0 ? $"rm -f {file}" : $"if [ -f {file} ]; then printf '%s\\n' {Posix(text)} > {file}; fi");
        return RunCheckedAsync(host.Shell, $"tag {vmName}", script, _commandTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindCrashDumpsAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var result = await RunCheckedAsync(
            host.Shell, $"crash dumps of {vmName}",
            $"virsh -c {Posix(o.ConnectionUri)} domstate {Posix(vmName)} --reason 2>/dev/null | grep -qi crashed && echo 'domain state: crashed'; " +
            $"ls -1 {Posix(o.DumpPath)}/{vmName}* 2>/dev/null || true",
            _commandTimeout, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The suffix of the file, beside the domain's disk, that holds its tags from before the domain exists.</summary>
    private const string TagsSuffix = ".netperf-tags";

    private static string TagsFile(LabLibvirtHostOptions o, string vmName) => $"{o.DiskPath}/{vmName}{TagsSuffix}";

    private static LabLibvirtHostOptions Settings(LabHost host) =>
        host.Options.Libvirt ?? throw new InvalidOperationException(
            $"Host {host.Name} has no Libvirt settings; add Netperf:Lab:Hosts:N:Libvirt with BaseImages, DiskPath and Bridge.");

    private Task<RemoteCommandResult> Virsh(LabHost host, string step, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return RunCheckedAsync(host.Shell, step, $"virsh -c {Posix(Settings(host).ConnectionUri)} {arguments}", _commandTimeout, cancellationToken);
    }
}
