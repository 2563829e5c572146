using System.Globalization;
using System.Text;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>Bootstrap scripts for Linux (POSIX sh).</summary>
internal sealed class PosixBootstrapScripts : IBootstrapScripts
{
    public static readonly PosixBootstrapScripts Instance = new();

    /// <summary>Sets <c>$np_pwsh</c> to PowerShell 7's path: on PATH, else the .NET tool's (<c>~/.dotnet/tools/pwsh</c>); empty when neither.</summary>
    public const string FindPwsh =
        "np_pwsh=$(command -v pwsh 2>/dev/null || { [ -x \"${HOME:-/nonexistent}/.dotnet/tools/pwsh\" ] && printf '%s' \"$HOME/.dotnet/tools/pwsh\"; } || true)\n";

    public static string ClientFolder(string pairId) =>
        NetperfPaths.PosixStateRootAssignment("r") + "\nd=\"$r/pairs/" + ShellQuoting.RequireSafe(pairId, "pair id") + "/client\"\n";

    /// <summary>
    /// Like <see cref="ClientFolder"/>, and makes or checks every folder of it and its <c>bin</c> (the pair's ssh wrapper)
    /// (<see cref="NetperfPaths.PosixEnsureFunction"/>: one <c>mkdir</c> makes both for a new pair).
    /// </summary>
    public static string PrivateClientFolder(string pairId) =>
        NetperfPaths.PosixEnsureFunction + ClientFolder(pairId) + "np_dir \"$r\" \"pairs/" + pairId + "/client/bin\" || exit 1\n";

    // The scripts below start as few programs as they can (each is a fork and an exec, 1-2 ms of CPU on a small VM, for
    // every pair): the shell's own read, printf, test and parameter expansion stand in for cat, grep, dirname and touch.
    public string PrepareClientKey(string pairId) =>
        "set -e\numask 077\n" + PrivateClientFolder(pairId)
        + "if [ ! -s \"$d/id_ed25519\" ] || [ ! -s \"$d/id_ed25519.pub\" ]; then\n"
        + "  [ ! -e \"$d/id_ed25519\" ] && [ ! -L \"$d/id_ed25519\" ] && [ ! -e \"$d/id_ed25519.pub\" ] && [ ! -L \"$d/id_ed25519.pub\" ] || rm -f \"$d/id_ed25519\" \"$d/id_ed25519.pub\"\n"
        + "  ssh-keygen -q -t ed25519 -N '' -C " + ShellQuoting.Posix("netperf-pair-" + pairId) + " -f \"$d/id_ed25519\" >/dev/null\n"

        // ssh-keygen writes the private key 0600; one kept from an earlier run is made 0600 again.
        + "else\n  chmod 600 \"$d/id_ed25519\"\nfi\n"
        + "np_pub=; IFS= read -r np_pub < \"$d/id_ed25519.pub\" || :\n"
        + "printf 'folder=%s\\n' \"$d\"\nprintf 'pub=%s\\n' \"$np_pub\"\n";

    public string InstallKey(string publicKey) =>
        "set -e\numask 077\n"
        + "f=\"${NETPERF_AUTHORIZED_KEYS:-$HOME/.ssh/authorized_keys}\"\n"
        + "case $f in */*) np_f=${f%/*}; np_f=${np_f:-/} ;; *) np_f=. ;; esac\n"
        + "[ -d \"$np_f\" ] || mkdir -p \"$np_f\"\n"

        // A file this script makes is 0600 already (umask 077); one that was there (or a link's target) is made 0600.
        + "np_new=; [ -e \"$f\" ] || np_new=1\n: >> \"$f\"\n[ -n \"$np_new\" ] && [ ! -L \"$f\" ] || chmod 600 \"$f\"\n"
        + "np_has=; while IFS= read -r np_l || [ -n \"$np_l\" ]; do [ \"$np_l\" != " + ShellQuoting.Posix(publicKey) + " ] || { np_has=1; break; }; done < \"$f\"\n"
        + "[ -n \"$np_has\" ] || printf '%s\\n' " + ShellQuoting.Posix(publicKey) + " >> \"$f\"\n"
        + "printf 'user=%s\\n' \"$(id -un)\"\n";

    public string ListHostKeys() =>
        "for k in ${NETPERF_HOST_KEYS:-/etc/ssh/ssh_host_*_key.pub}; do\n"
        + "  if [ -r \"$k\" ]; then np_k=; IFS= read -r np_k < \"$k\" || :; printf 'hostkey=%s\\n' \"$np_k\"; fi\ndone\n";

    public string WriteKnownHosts(string pairId, IReadOnlyList<string> lines) =>
        "set -e\numask 077\n" + PrivateClientFolder(pairId)
        + "printf '%s\\n' " + string.Join(' ', lines.Select(ShellQuoting.Posix)) + " > \"$d/known_hosts.tmp\"\n"
        + "mv -f \"$d/known_hosts.tmp\" \"$d/known_hosts\"\n";

    public string WriteAlias(string pairId, PeerEndpoint endpoint, string user, bool editHostsFile, string? keyExchange = null)
    {
        var text = new StringBuilder("set -e\numask 077\n").Append(PrivateClientFolder(pairId));
        text.Append("printf '%s\\n' ")
            .Append(ShellQuoting.Posix("Host " + PeerBootstrapper.PeerAlias)).Append(' ')
            .Append(ShellQuoting.Posix("  HostName " + endpoint.Host)).Append(' ')
            .Append(ShellQuoting.Posix("  Port " + endpoint.Port.ToString(CultureInfo.InvariantCulture))).Append(' ')
            .Append(ShellQuoting.Posix("  User " + ShellQuoting.RequireSafe(user, "peer user"))).Append(' ')
            .Append("\"  IdentityFile $d/id_ed25519\" '  IdentitiesOnly yes' ")
            .Append("\"  UserKnownHostsFile $d/known_hosts\" '  GlobalKnownHostsFile none' '  StrictHostKeyChecking yes' ")
            .Append("'  BatchMode yes' '  PasswordAuthentication no' '  ConnectTimeout 10' '  LogLevel ERROR'")
            .Append(keyExchange is null ? string.Empty : " " + ShellQuoting.Posix("  KexAlgorithms " + KeyExchange(keyExchange)))
            .Append(" > \"$d/ssh_config.tmp\"\nmv -f \"$d/ssh_config.tmp\" \"$d/ssh_config\"\n");

        // $d/bin/ssh: ssh with this pair's config. PowerShell starts `ssh` from PATH for Invoke-Command/Enter-PSSession
        // -HostName and cannot pass -F, so with $d/bin first on PATH (netperf exec does that) `-HostName netperf-peer`
        // uses the pair's key and pinned known_hosts with nothing else on the command line.
        text.Append("np_ssh=$(command -v ssh) || { echo 'no ssh client on the client' >&2; exit 5; }\n")
            .Append("[ \"$np_ssh\" != \"$d/bin/ssh\" ] || np_ssh=/usr/bin/ssh\n")
            .Append("printf '%s\\n' '#!/bin/sh' ").Append(ShellQuoting.Posix("# netperf pair " + pairId + ": ssh with the pair's own ssh_config (netperf-peer, its key, its pinned known_hosts)"))
            .Append(" \"exec \\\"$np_ssh\\\" -F \\\"$d/ssh_config\\\" \\\"\\$@\\\"\" > \"$d/bin/ssh.tmp\"\n")
            .Append("chmod 700 \"$d/bin/ssh.tmp\"\nmv -f \"$d/bin/ssh.tmp\" \"$d/bin/ssh\"\n");
        if (editHostsFile)
        {
            // One line per pair, marked with the pair id, replaced (not duplicated) on every run.
            var marker = "# netperf-pair-" + pairId;
            text.Append("grep -v ").Append(ShellQuoting.Posix(marker)).Append(" /etc/hosts > \"$d/hosts.tmp\" || true\n")
                .Append("printf '%s %s %s\\n' ").Append(ShellQuoting.Posix(endpoint.Host)).Append(' ')
                .Append(PeerBootstrapper.PeerAlias).Append(' ').Append(ShellQuoting.Posix(marker)).Append(" >> \"$d/hosts.tmp\"\n")
                .Append("cat \"$d/hosts.tmp\" > /etc/hosts\nrm -f \"$d/hosts.tmp\"\n");
        }

        return text.Append("printf 'config=%s\\n' \"$d/ssh_config\"\n").ToString();
    }

    /// <summary>A <c>KexAlgorithms</c> list, refused unless it is only algorithm names (it goes into a file unquoted).</summary>
    internal static string KeyExchange(string value) =>
        SshKeyExchange.IsWellFormed(value) ? value : throw new ArgumentException($"'{value}' is not a KexAlgorithms list.", nameof(value));

    public string FindTools(IReadOnlyList<string> tools, bool powerShell) => Probe(tools, powerShell, startPowerShell: false);

    public string InstallTools(IReadOnlyList<string> tools) =>
        "set -e\nif ! command -v apt-get >/dev/null 2>&1; then echo 'no apt-get on this machine' >&2; exit 3; fi\n"
        + "if [ \"$(id -u)\" != 0 ]; then echo 'installing tools needs root' >&2; exit 4; fi\n"
        + "export DEBIAN_FRONTEND=noninteractive\napt-get install -y -q "
        + string.Join(' ', tools.Select(t => ShellQuoting.Posix(ShellQuoting.RequireSafe(t, "tool")))) + " >/dev/null\n";

    public string ProveReady(string pairId, string peerProbe) => RunOnPeer(pairId, peerProbe);

    public string ProvePowerShell(string pairId, string nonce, IReadOnlyList<string> tools) =>
        ClientFolder(pairId) + FindPwsh
        + "[ -n \"$np_pwsh\" ] || { echo 'pwsh (PowerShell 7) is not on the client (PATH, ~/.dotnet/tools)' >&2; exit 3; }\n"
        + "[ -x \"$d/bin/ssh\" ] || { echo \"the pair's ssh wrapper $d/bin/ssh is missing; run the peer-alias step\" >&2; exit 5; }\n"
        + "PATH=\"$d/bin:$PATH\" POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off \"$np_pwsh\" " + string.Join(' ', PowerShellCommand.Arguments(PowerShellProof.Script(nonce, tools))) + "\nrc=$?\n"

        // PowerShell reports a broken session without ssh's reason; ask ssh itself for it (the same subsystem request).
        + "if [ $rc -eq 4 ]; then \"$d/bin/ssh\" " + PeerBootstrapper.PeerAlias + " -s powershell </dev/null 2>&1 >/dev/null | grep -v '^@' | tail -2 | sed 's/^/ssh: /' >&2; fi\n"
        + "exit $rc\n";

    public string RunOnPeer(string pairId, string peerCommand) =>
        ClientFolder(pairId) + "exec ssh -F \"$d/ssh_config\" " + PeerBootstrapper.PeerAlias + " " + ShellQuoting.Posix(peerCommand) + "\n";

    /// <summary>
    /// The probe a Linux machine runs: prints <c>missing=</c> for each tool that does not answer. With
    /// <paramref name="powerShell"/> it finds pwsh, and with <paramref name="startPowerShell"/> also starts it once to check it is 7 or later.
    /// </summary>
    public static string Probe(IReadOnlyList<string> tools, bool powerShell, bool startPowerShell = true)
    {
        var text = new StringBuilder();
        foreach (var tool in tools)
        {
            var quoted = ShellQuoting.Posix(ShellQuoting.RequireSafe(tool, "tool"));
            text.Append("command -v ").Append(quoted).Append(" >/dev/null 2>&1 || printf 'missing=%s\\n' ").Append(quoted).Append('\n');
        }

        if (powerShell && startPowerShell)
        {
            text.Append(FindPwsh)
                .Append("v=$([ -n \"$np_pwsh\" ] && \"$np_pwsh\" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.Major' 2>/dev/null || true)\n")
                .Append("[ \"${v:-0}\" -ge 7 ] 2>/dev/null || printf 'missing=pwsh\\n'\n");
        }
        else if (powerShell)
        {
            text.Append(FindPwsh).Append("[ -n \"$np_pwsh\" ] || printf 'missing=pwsh\\n'\n");
        }

        return text.Append("true\n").ToString();
    }
}
