using System.Text;
using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Remoting;

namespace Netperf.Core.Runs.Internal;

/// <summary>
/// What a job sees on its pair's client (POSIX sh): <c>NETPERF_PEER_SSH_CONFIG</c> (an ssh config whose host
/// <c>netperf-peer</c> is the pair's peer, with its pinned key), <c>NETPERF_PEER_HOST</c>, <c>NETPERF_PAIR_ID</c>,
/// <c>NETPERF_JOB_ID</c> and <c>NETPERF_RUN_ID</c>.
/// </summary>
internal static class JobEnvironment
{
    /// <summary>A prefix for a command run as the bootstrapped user: exports the variables, then the command follows.</summary>
    public static string Exports(string pairId, string jobId, string runId) =>
        PosixBootstrapScripts.ClientFolder(pairId)
        + "NETPERF_PEER_SSH_CONFIG=\"$d/ssh_config\"\n"
        + "NETPERF_PEER_HOST=$(awk '$1==\"HostName\"{print $2; exit}' \"$d/ssh_config\" 2>/dev/null)\n"
        + "export NETPERF_PEER_SSH_CONFIG NETPERF_PEER_HOST\n"
        + $"export NETPERF_PAIR_ID={ShellQuoting.Posix(pairId)} NETPERF_JOB_ID={ShellQuoting.Posix(jobId)} NETPERF_RUN_ID={ShellQuoting.Posix(runId)}\n"
        + "unset r d\n";

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
        s.Append("SUDO=''; [ \"$(id -u)\" -eq 0 ] || SUDO='sudo -n'\n");

        // The runner's folder (and the folders above it) must stay open to the runner's user, whatever umask the caller has.
        s.Append("(umask 022 && $SUDO mkdir -p ").Append(f).Append(")\numask 077\n").Append(PosixBootstrapScripts.ClientFolder(pairId));
        s.Append("P=").Append(f).Append("/.netperf-peer\n");
        s.Append("$SUDO mkdir -p \"$P\"\n");
        s.Append("$SUDO cp \"$d/id_ed25519\" \"$d/known_hosts\" \"$P/\"\n");
        s.Append("sed \"s|$d|$P|g\" \"$d/ssh_config\" | $SUDO tee \"$P/ssh_config\" >/dev/null\n");
        s.Append("H=$(awk '$1==\"HostName\"{print $2; exit}' \"$d/ssh_config\")\n");
        s.Append("printf 'NETPERF_PEER_SSH_CONFIG=%s\\nNETPERF_PEER_HOST=%s\\nNETPERF_PAIR_ID=%s\\nNETPERF_JOB_ID=%s\\nNETPERF_RUN_ID=%s\\n' \"$P/ssh_config\" \"$H\" ")
            .Append(ShellQuoting.Posix(pairId)).Append(' ').Append(ShellQuoting.Posix(jobId)).Append(' ').Append(ShellQuoting.Posix(runId))
            .Append(" | $SUDO tee ").Append(f).Append("/.env >/dev/null\n");
        return s.ToString();
    }
}
