using System.Text;
using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Runs.Internal;

/// <summary>
/// What a job sees on its pair's client (POSIX sh on Linux, PowerShell on Windows): <c>NETPERF_PEER_SSH_CONFIG</c> (an
/// ssh config whose host <c>netperf-peer</c> is the pair's peer, with its pinned key), <c>NETPERF_PEER_HOST</c>,
/// <c>NETPERF_PAIR_ID</c>, <c>NETPERF_JOB_ID</c> and <c>NETPERF_RUN_ID</c>.
/// </summary>
internal static class JobEnvironment
{
    /// <summary>A prefix for a command run as the bootstrapped user: exports the variables, then the command follows.</summary>
    public static string Exports(string pairId, string jobId, string runId) =>
        PosixBootstrapScripts.ClientFolder(pairId)
        + "NETPERF_PEER_SSH_CONFIG=\"$d/ssh_config\"\n"
        + PosixPeerHostFrom("\"$d/ssh_config\"", "NETPERF_PEER_HOST")
        + "export NETPERF_PEER_SSH_CONFIG NETPERF_PEER_HOST\n"
        + $"export NETPERF_PAIR_ID={ShellQuoting.Posix(pairId)} NETPERF_JOB_ID={ShellQuoting.Posix(jobId)} NETPERF_RUN_ID={ShellQuoting.Posix(runId)}\n"
        + "unset r d np_s np_h np_k np_v np_x\n";

    /// <summary>
    /// POSIX sh: sets <paramref name="variable"/> to the <c>HostName</c> of the ssh config at <paramref name="configPath"/>
    /// (a quoted shell word), empty when it has none or cannot be read: what <c>awk '$1=="HostName"{print $2; exit}'</c>
    /// prints, with the shell's own <c>read</c> (no program started).
    /// </summary>
    private static string PosixPeerHostFrom(string configPath, string variable) =>
        variable + "=; { while read -r np_k np_v np_x; do [ \"$np_k\" != HostName ] || { " + variable + "=$np_v; break; }; done < " + configPath + "; } 2>/dev/null || :\n";

    /// <summary>
    /// Gives a runner's user the pair's peer: copies the client's key, known_hosts and ssh config (paths rewritten) into
    /// <c>&lt;folder&gt;/.netperf-peer</c>, and writes the runner's <c>.env</c> (which the runner loads into every job's
    /// environment) with the variables of <see cref="Exports"/>. Runs before the runner is installed there, whose
    /// installation makes the folder the runner user's.
    /// </summary>
    public static string PrepareRunnerFolder(string pairId, string jobId, string runId, string folder)
    {
        var f = ShellQuoting.Posix(folder);
        var s = new StringBuilder("set -e\n");
        s.Append(PosixSnippets.SudoUnlessRoot);

        // Root writes with the shell's own redirection; another user through sudo tee (the folder is root's or the runner's).
        s.Append("np_put() { np_to=$1; shift; if [ -z \"$SUDO\" ]; then printf \"$@\" > \"$np_to\"; else printf \"$@\" | $SUDO tee \"$np_to\" >/dev/null; fi; }\n");

        // The runner's folder (and the folders above it) must stay open to the runner's user, whatever umask the caller
        // has; .netperf-peer in it is private (mkdir -p gives the folders it makes on the way 755 under umask 022, -m only
        // the last). One mkdir for both.
        s.Append("umask 022\n").Append(PosixBootstrapScripts.ClientFolder(pairId));
        s.Append("P=").Append(f).Append("/.netperf-peer\n");
        s.Append("$SUDO mkdir -p -m 700 \"$P\"\numask 077\n");
        // The key and known_hosts are text: root copies them line by line with the shell's own read (no cp started).
        s.Append("if [ -z \"$SUDO\" ]; then for np_f in id_ed25519 known_hosts; do\n")
            .Append("  while IFS= read -r np_l || [ -n \"$np_l\" ]; do printf '%s\\n' \"$np_l\"; done < \"$d/$np_f\" > \"$P/$np_f\"\n")
            .Append("done; else $SUDO cp \"$d/id_ed25519\" \"$d/known_hosts\" \"$P/\"; fi\n");

        // The pair's ssh_config with the client folder's paths replaced by the copies' (literally, not as a pattern).
        s.Append("np_c=; np_nl='\n'\n")
            .Append("while IFS= read -r np_l || [ -n \"$np_l\" ]; do\n")
            .Append("  while :; do case $np_l in *\"$d\"*) np_c=$np_c${np_l%%\"$d\"*}$P; np_l=${np_l#*\"$d\"} ;; *) break ;; esac; done\n")
            .Append("  np_c=$np_c$np_l$np_nl\n")
            .Append("done < \"$d/ssh_config\"\n")
            .Append("np_put \"$P/ssh_config\" '%s' \"$np_c\"\n");
        s.Append(PosixPeerHostFrom("\"$d/ssh_config\"", "H"));
        s.Append("np_put ").Append(f).Append("/.env 'NETPERF_PEER_SSH_CONFIG=%s\\nNETPERF_PEER_HOST=%s\\nNETPERF_PAIR_ID=%s\\nNETPERF_JOB_ID=%s\\nNETPERF_RUN_ID=%s\\n' \"$P/ssh_config\" \"$H\" ")
            .Append(ShellQuoting.Posix(pairId)).Append(' ').Append(ShellQuoting.Posix(jobId)).Append(' ').Append(ShellQuoting.Posix(runId)).Append('\n');
        return s.ToString();
    }

    /// <summary>
    /// <see cref="Exports"/> for a Windows client: a PowerShell prefix that sets the same variables for the command that
    /// follows (and the processes it starts).
    /// </summary>
    public static string PowerShellExports(string pairId, string jobId, string runId) =>
        PowerShellBootstrapScripts.ClientFolder(pairId)
        + "$env:NETPERF_PEER_SSH_CONFIG = Join-Path $d 'ssh_config'\n"
        + PeerHostFrom("$env:NETPERF_PEER_SSH_CONFIG", "$env:NETPERF_PEER_HOST")
        + "$env:NETPERF_PAIR_ID = " + ShellQuoting.PowerShell(pairId) + "\n"
        + "$env:NETPERF_JOB_ID = " + ShellQuoting.PowerShell(jobId) + "\n"
        + "$env:NETPERF_RUN_ID = " + ShellQuoting.PowerShell(runId) + "\n"
        + "Remove-Variable r, d\n";

    /// <summary>
    /// <see cref="PrepareRunnerFolder"/> for a Windows client (PowerShell): copies the client's key and known_hosts into
    /// <c>&lt;folder&gt;\.netperf-peer</c>, writes an ssh config there whose paths point at the copies, and writes the
    /// runner's <c>.env</c> with the variables of <see cref="Exports"/>. The runner runs as a service under
    /// <c>NT AUTHORITY\NETWORK SERVICE</c> (<c>config.cmd --runasservice</c>), and Windows' ssh refuses a private key that
    /// another account can read or that its user does not own: the copy is that account's alone (with SYSTEM and
    /// Administrators, which Windows' ssh allows).
    /// </summary>
    public static string PrepareRunnerFolderPowerShell(string pairId, string jobId, string runId, string folder)
    {
        var s = new StringBuilder("$ErrorActionPreference = 'Stop'\n");
        s.Append(PowerShellBootstrapScripts.ClientFolder(pairId));
        s.Append("$P = Join-Path ").Append(ShellQuoting.PowerShell(folder)).Append(" '.netperf-peer'\n");
        s.Append("New-Item -ItemType Directory -Force -Path $P | Out-Null\n");
        s.Append("Copy-Item -Force -Path (Join-Path $d 'id_ed25519'), (Join-Path $d 'known_hosts') -Destination $P\n");
        s.Append("$k = Join-Path $P 'id_ed25519'\n");
        s.Append("& icacls.exe $k /inheritance:r /grant:r '*S-1-5-20:R' '*S-1-5-18:F' '*S-1-5-32-544:F' | Out-Null\n");
        s.Append("if ($LASTEXITCODE -ne 0) { throw \"icacls could not make $k the runner service's own\" }\n");
        s.Append("& icacls.exe $k /setowner '*S-1-5-20' | Out-Null\n");
        s.Append("if ($LASTEXITCODE -ne 0) { throw \"icacls could not give $k to the runner service's account\" }\n");

        // The pair's ssh_config names the client folder's files; the runner's copy names its own.
        s.Append("$cfg = (Get-Content -Raw (Join-Path $d 'ssh_config')).Replace($d, $P)\n");
        s.Append("Set-Content -Encoding ascii -NoNewline -Path (Join-Path $P 'ssh_config') -Value $cfg\n");
        s.Append("$cfgPath = Join-Path $P 'ssh_config'\n");
        s.Append(PeerHostFrom("$cfgPath", "$H"));
        s.Append("$envLines = @(\n")
            .Append("  ('NETPERF_PEER_SSH_CONFIG=' + $cfgPath),\n")
            .Append("  ('NETPERF_PEER_HOST=' + $H),\n")
            .Append("  ").Append(ShellQuoting.PowerShell("NETPERF_PAIR_ID=" + pairId)).Append(",\n")
            .Append("  ").Append(ShellQuoting.PowerShell("NETPERF_JOB_ID=" + jobId)).Append(",\n")
            .Append("  ").Append(ShellQuoting.PowerShell("NETPERF_RUN_ID=" + runId)).Append(")\n");
        s.Append("Set-Content -Encoding ascii -Path (Join-Path ").Append(ShellQuoting.PowerShell(folder)).Append(" '.env') -Value $envLines\n");
        return s.ToString();
    }

    /// <summary>Sets <paramref name="variable"/> to the <c>HostName</c> of the ssh config at <paramref name="configPath"/> (PowerShell).</summary>
    private static string PeerHostFrom(string configPath, string variable) =>
        variable + " = @(Get-Content " + configPath + " | ForEach-Object { $kv = $_.Trim() -split '\\s+', 2; if ($kv.Count -eq 2 -and $kv[0] -eq 'HostName') { $kv[1] } })[0]\n";
}
