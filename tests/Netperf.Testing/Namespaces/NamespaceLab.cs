using System.Globalization;

namespace Netperf.Testing.Namespaces;

/// <summary>
/// A small lab built from network namespaces on this machine (needs root, iproute2, OpenSSH): a "switch" namespace
/// with a bridge, and N "hosts", each a namespace whose lab NIC (a veth to the switch) is a port of the host's own
/// bridge and whose sshd listens on a management veth from the root namespace. The orchestrator reaches hosts only
/// over SSH with the lab's key. Everything is named <c>npl*</c>, lives under a private folder and is removed by
/// <see cref="DisposeAsync"/>.
/// </summary>
public sealed class NamespaceLab : IAsyncDisposable
{
    private const string OrphanScript =
        "named=\" $(ip netns list | awk '{print $1}' | while read n; do stat -L -c %i /run/netns/$n; done | tr '\\n' ' ') \"; " +
        "root=$(readlink /proc/self/ns/net | tr -dc 0-9); " +
        "for d in /proc/[0-9]*; do i=$(readlink $d/ns/net 2>/dev/null | tr -dc 0-9); [ -n \"$i\" ] || continue; " +
        "[ \"$i\" = \"$root\" ] && continue; case \"$named\" in *\" $i \"*) continue;; esac; echo ${d#/proc/}; done";

    private static readonly TimeSpan LeftoverSettleTime = TimeSpan.FromSeconds(10);

    private readonly List<NamespaceHost> _hosts = [];
    private HashSet<string> _orphansAtStart = [];

    private static int s_labs;

    private NamespaceLab(string id, string folder)
    {
        Id = id;
        Folder = folder;
    }

    /// <summary>The lab's short id (4 hex characters), part of every name it makes.</summary>
    public string Id { get; }

    /// <summary>The private folder with keys, sshd configs and pid files.</summary>
    public string Folder { get; }

    /// <summary>The orchestrator's private key for the hosts.</summary>
    public string IdentityFile => Path.Combine(Folder, "id_ed25519");

    /// <summary>The known-hosts file with every host's key.</summary>
    public string KnownHostsFile => Path.Combine(Folder, "known_hosts");

    /// <summary>The name of the link all hosts share (the switch).</summary>
    public string Link => $"npl{Id}sw";

    /// <summary>
    /// The name prefix (5 characters, <c>npl</c> + a hex digit + <c>v</c>) for the lab provider's VMs: never a prefix
    /// of the hosts' names, and found by the leak checks.
    /// </summary>
    public string VmPrefix => $"npl{Id[0]}v";

    /// <summary>Where the hosts' netns driver keeps VM state (private to this lab).</summary>
    public string StateDirectory => $"/run/npl{Id}";

    /// <summary>The hosts.</summary>
    public IReadOnlyList<NamespaceHost> Hosts => _hosts;

    /// <summary>Builds a lab of <paramref name="hostCount"/> hosts (at most 8).</summary>
    public static async Task<NamespaceLab> StartAsync(int hostCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostCount, 8);
        // The VM prefix takes the id's first hex digit only: labs alive at once in this process take different ones
        // (in turn, from an offset of the process id, so another test process likely starts elsewhere).
        var first = (Environment.ProcessId + Interlocked.Increment(ref s_labs)) % 16;
        var id = $"{first:x}{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..3]}";
        var folder = Path.Combine(Path.GetTempPath(), $"npl{id}-lab");
        Directory.CreateDirectory(folder);
        var lab = new NamespaceLab(id, folder);
        try
        {
            lab._orphansAtStart = [.. await OrphanProcessesAsync()];
            await lab.BuildAsync(hostCount);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(int hostCount)
    {
        var sw = $"npl{Id}sw";
        var key = IdentityFile;
        await HostCommand.CheckAsync(
            $"set -e; mkdir -p /run/sshd; ssh-keygen -q -t ed25519 -N '' -f {key}; " +
            $"ip netns add {sw}; ip -n {sw} link add br0 type bridge; ip -n {sw} link set br0 up; ip -n {sw} link set lo up");
        var knownHosts = new List<string>();
        for (var i = 0; i < hostCount; i++)
        {
            var letter = (char)('a' + i);
            var ns = $"npl{Id}h{letter}";
            var mgmtRoot = $"npl{Id}m{letter}";
            var mgmtAddress = string.Create(CultureInfo.InvariantCulture, $"10.214.{i}.2");
            var hostFolder = Path.Combine(Folder, ns);
            var host = new NamespaceHost
            {
                Name = $"host-{letter}",
                Namespace = ns,
                ManagementAddress = mgmtAddress,
                Bridge = "nplbr0",
                GuestAddress = string.Create(CultureInfo.InvariantCulture, $"10.215.0.{11 + i}/24"),
                SshdPidFile = Path.Combine(hostFolder, "sshd.pid"),
            };
            _hosts.Add(host);
            Directory.CreateDirectory(hostFolder);
            await File.WriteAllTextAsync(Path.Combine(hostFolder, "sshd_config"), $"""
                Port 22
                ListenAddress {mgmtAddress}
                HostKey {hostFolder}/host_key
                PidFile {host.SshdPidFile}
                AuthorizedKeysFile {key}.pub
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                UseDNS no
                MaxStartups 100:30:200
                MaxSessions 100

                """);
            await HostCommand.CheckAsync(
                $"set -e; ip netns add {ns}; ip -n {ns} link set lo up; " +
                $"ip link add {mgmtRoot} type veth peer name mgmt0 netns {ns}; " +
                $"ip addr add 10.214.{i}.1/30 dev {mgmtRoot}; ip link set {mgmtRoot} up; " +
                $"ip -n {ns} addr add {mgmtAddress}/30 dev mgmt0; ip -n {ns} link set mgmt0 up; " +
                $"ip -n {sw} link add p{letter} type veth peer name lab0 netns {ns}; " +
                $"ip -n {sw} link set p{letter} master br0; ip -n {sw} link set p{letter} up; " +
                $"ip -n {ns} link add nplbr0 type bridge; ip -n {ns} link set lab0 master nplbr0; " +
                $"ip -n {ns} link set lab0 up; ip -n {ns} link set nplbr0 up; " +
                $"ssh-keygen -q -t ed25519 -N '' -f {hostFolder}/host_key; " +
                $"nsenter --net=/run/netns/{ns} /usr/sbin/sshd -f {hostFolder}/sshd_config -E {hostFolder}/sshd.log");
            var hostKey = (await File.ReadAllTextAsync($"{hostFolder}/host_key.pub")).Split(' ');
            knownHosts.Add($"{mgmtAddress} {hostKey[0]} {hostKey[1]}");
        }

        await File.WriteAllLinesAsync(KnownHostsFile, knownHosts);
    }

    /// <summary>Stops a host's sshd, so the orchestrator can no longer reach it.</summary>
    public Task StopHostSshdAsync(NamespaceHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return HostCommand.CheckAsync($"kill $(cat {host.SshdPidFile}) && while kill -0 $(cat {host.SshdPidFile}) 2>/dev/null; do sleep 0.05; done; rm -f {host.SshdPidFile}");
    }

    /// <summary>
    /// What of this lab or its VMs still exists: namespaces and links named with <see cref="VmPrefix"/>, processes
    /// naming the lab, the VM state folder, and processes stranded in deleted namespaces since the lab started.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindLeftoversAsync(bool includeHosts = true)
    {
        // The kernel tears a deleted namespace's links down asynchronously; a leak is what is still there once that settled.
        var deadline = DateTime.UtcNow + LeftoverSettleTime;
        while (true)
        {
            var leftovers = await FindLeftoversNowAsync(includeHosts);
            if (leftovers.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return leftovers;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task<IReadOnlyList<string>> FindLeftoversNowAsync(bool includeHosts)
    {
        var output = await HostCommand.CheckAsync(
            $"ip netns list | awk '{{print $1}}' | grep -E '{Pattern(includeHosts)}' || true; " +
            $"ip -o link show | awk -F': ' '{{print $2}}' | cut -d@ -f1 | grep -E '{Pattern(includeHosts)}' || true; " +
            $"pgrep -af '{StateDirectory}' | grep -v pgrep || true; " +
            $"[ -e {StateDirectory} ] && ls -A {StateDirectory} || true");
        var stranded = (await OrphanProcessesAsync()).Where(pid => !_orphansAtStart.Contains(pid)).Select(pid => $"pid {pid} in a deleted namespace");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. stranded];
    }

    private string Pattern(bool includeHosts) => includeHosts ? $"^({VmPrefix}|npl{Id})" : $"^{VmPrefix}";

    private static async Task<string[]> OrphanProcessesAsync() =>
        (await HostCommand.CheckAsync(OrphanScript)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Kills every process in the lab's namespaces, deletes them (and so their links) and the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await HostCommand.RunAsync(
            $"for n in $(ip netns list | awk '{{print $1}}' | grep '^npl{Id}'); do " +
            "for p in $(ip netns pids $n); do kill -9 $p 2>/dev/null; done; ip netns del $n; done; " +
            $"for n in $(ip netns list | awk '{{print $1}}' | grep '^{VmPrefix}'); do " +
            "for p in $(ip netns pids $n); do kill -9 $p 2>/dev/null; done; ip netns del $n; done; " +
            // This script's own text names the lab too: spare its shell, or the folder is never removed.
            $"for p in $(pgrep -f 'npl{Id}'); do [ \"$p\" = \"$$\" ] || kill -9 $p 2>/dev/null; done; " +
            $"for l in $(ip -o link show | awk -F': ' '{{print $2}}' | cut -d@ -f1 | grep '^{VmPrefix}'); do ip link del $l; done; " +
            $"rm -rf {Folder} {StateDirectory} {StateDirectory}.lock");
    }
}
