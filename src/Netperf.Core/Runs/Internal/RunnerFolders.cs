using System.Text;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Runs.Internal;

/// <summary>
/// The runner folders a run leaves on this machine: a <c>local</c> pair's client is the orchestrator itself, so deleting
/// the pair does not take its runners' folders with it (a VM's do go with the VM). A folder is Netperf's when its
/// <c>.env</c> (written by <see cref="JobEnvironment.PrepareRunnerFolder"/>) names a run and a pair; nothing else is
/// touched. POSIX sh, run through a local process; as a non-root user the removal goes through <c>sudo -n</c>, as the
/// install did.
/// </summary>
internal static class RunnerFolders
{
    private const string Prelude = PosixSnippets.SudoUnlessRoot;

    /// <summary>
    /// Removes each folder whose <c>.env</c> names the given run and pair, after killing the processes that work in any of
    /// them (the runner, or runners waiting for their turn; one pass over <c>/proc</c> for all folders); prints
    /// <c>removed=</c> or <c>kept=</c> per folder that exists.
    /// </summary>
    public static string Remove(IEnumerable<(string Folder, string RunId, string PairId)> folders)
    {
        var s = new StringBuilder(Prelude);
        // Root reads the .env with the shell's own read (no grep per folder); another user needs sudo to read it.
        s.Append("np_ours() {\n")
            .Append("  [ -d \"$1\" ] || return 1\n")
            .Append("  if [ -z \"$SUDO\" ]; then\n")
            .Append("    np_run=; np_pair=\n")
            .Append("    { while IFS= read -r np_l || [ -n \"$np_l\" ]; do [ \"$np_l\" != \"NETPERF_RUN_ID=$2\" ] || np_run=1; [ \"$np_l\" != \"NETPERF_PAIR_ID=$3\" ] || np_pair=1; done < \"$1/.env\"; } 2>/dev/null\n")
            .Append("    [ -z \"$np_run\" ] || [ -z \"$np_pair\" ] || return 0\n")
            .Append("  else\n")
            .Append("    { $SUDO grep -qxF \"NETPERF_RUN_ID=$2\" \"$1/.env\" && $SUDO grep -qxF \"NETPERF_PAIR_ID=$3\" \"$1/.env\"; } 2>/dev/null && return 0\n")
            .Append("  fi\n")
            .Append("  printf 'kept=%s\\n' \"$1\"; return 1\n")
            .Append("}\nset --\n");
        foreach (var (folder, runId, pairId) in folders)
        {
            var f = ShellQuoting.Posix(folder);
            s.Append("np_ours ").Append(f).Append(' ').Append(ShellQuoting.Posix(runId)).Append(' ').Append(ShellQuoting.Posix(pairId))
                .Append(" && set -- \"$@\" ").Append(f).Append('\n');
        }

        // The shell lists /proc once and find reads each process's cwd link: find walking /proc itself lists every
        // process's folder too, 3-4 times the CPU (11 ms against 3 ms with 90 processes).
        s.Append("[ $# -gt 0 ] || exit 0\n")
            .Append("$SUDO find /proc/[0-9]*/cwd -maxdepth 0 -printf '%h %l\\n' 2>/dev/null | while read -r p c; do\n")
            .Append("  for f in \"$@\"; do case \"$c\" in \"$f\"|\"$f\"/*) $SUDO kill -KILL \"${p#/proc/}\" 2>/dev/null || true; break ;; esac; done\n")
            .Append("done\nrc=0\n")
            .Append("for f in \"$@\"; do if $SUDO rm -rf \"$f\"; then printf 'removed=%s\\n' \"$f\"; else rc=1; fi; done\n")
            .Append("exit $rc\n");
        return s.ToString();
    }

    /// <summary>Lists the folders under <paramref name="root"/> with a <c>.env</c>: <c>folder=</c>, then its <c>NETPERF_RUN_ID=</c> and <c>NETPERF_PAIR_ID=</c> lines.</summary>
    public static string List(string root) =>
        Prelude
        + "for f in " + ShellQuoting.Posix(root.TrimEnd('/')) + "/*/.env; do\n"
        + "  $SUDO test -f \"$f\" || continue\n"
        + "  printf 'folder=%s\\n' \"${f%/.env}\"\n"
        + "  $SUDO grep -E '^NETPERF_(RUN|PAIR)_ID=' \"$f\" 2>/dev/null || true\n"
        + "done\ntrue\n";

    /// <summary>Reads <see cref="List"/>'s output: each folder with its run and pair (either null when its .env lacks it).</summary>
    public static List<(string Folder, string? RunId, string? PairId)> ParseList(string output)
    {
        var folders = new List<(string Folder, string? RunId, string? PairId)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("folder=", StringComparison.Ordinal))
            {
                folders.Add((line["folder=".Length..], null, null));
            }
            else if (folders.Count > 0 && line.StartsWith("NETPERF_RUN_ID=", StringComparison.Ordinal))
            {
                folders[^1] = folders[^1] with { RunId = line["NETPERF_RUN_ID=".Length..] };
            }
            else if (folders.Count > 0 && line.StartsWith("NETPERF_PAIR_ID=", StringComparison.Ordinal))
            {
                folders[^1] = folders[^1] with { PairId = line["NETPERF_PAIR_ID=".Length..] };
            }
        }

        return folders;
    }
}
