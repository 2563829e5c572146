using System.Text;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;
using System.Text.Json;

namespace Netperf.Core.GitHub.Internal;

/// <summary>
/// Renders the POSIX sh install step for a Linux runner; the runner runs as a dedicated non-root user
/// because <c>config.sh</c> refuses root. The secret (JIT configuration or registration token) is on no
/// command line, ever: the script reads it from its standard input, hands it to the runner user's shell
/// through a pipe (<c>printf</c> is a shell builtin, so no process carries it as an argument, and
/// <c>sudo</c> logs nothing of it), and that shell exports it as <c>ACTIONS_RUNNER_INPUT_JITCONFIG</c> or
/// <c>ACTIONS_RUNNER_INPUT_TOKEN</c>, which the runner reads in place of <c>--jitconfig</c> / <c>--token</c>
/// and removes from its environment.
/// </summary>
internal static class LinuxRunnerScript
{
    /// <summary>The runner's environment form of <c>--jitconfig</c>.</summary>
    public const string JitConfigVariable = "ACTIONS_RUNNER_INPUT_JITCONFIG";

    /// <summary>The runner's environment form of <c>--token</c>.</summary>
    public const string TokenVariable = "ACTIONS_RUNNER_INPUT_TOKEN";

    /// <summary>The machine-wide lock under which a runner's user is added.</summary>
    public const string UserLock = "/run/lock/netperf-runner-user.lock";

    /// <summary>
    /// The runner's start in the background, for the runner user's <c>sh -c</c> (<c>$1</c> its folder, <c>$2</c> the
    /// one-job lock): its own session (<c>setsid</c>), out of the install command's process group, with SIGHUP ignored as
    /// <c>nohup</c> would (an ignored signal stays ignored through fork and exec: one program fewer), one runner of the
    /// machine at a time (<c>flock</c>).
    /// </summary>
    private const string Detach = "{ trap \"\" HUP; setsid flock \"$2\" ./run.sh </dev/null >>\"$1/runner.log\" 2>&1 & }";

    /// <summary>
    /// POSIX sh (needs <c>U</c> and <c>SUDO</c>): adds the runner's user unless it exists. Whether it exists is read from
    /// <c>/etc/passwd</c> by the shell itself, then (a user of another name service) asked of <c>id -u</c>; only a user
    /// found by neither is added, under <paramref name="lockFile"/>, and looked up again under it: two installs at once on
    /// one machine (or on namespace VMs sharing /etc/passwd) must not both add it, as interleaved useradds leave the user
    /// and its files with different ids.
    /// </summary>
    public static string EnsureUser(string lockFile) =>
        "np_has=; { while IFS=: read -r np_n np_r; do [ \"$np_n\" != \"$U\" ] || { np_has=1; break; }; done < /etc/passwd; } 2>/dev/null || :\n"
        + "[ -n \"$np_has\" ] || id -u \"$U\" >/dev/null 2>&1 || { { [ -d " + Q(DirectoryName(lockFile)) + " ] || $SUDO mkdir -p " + Q(DirectoryName(lockFile)) + "; } && "
        + "$SUDO flock " + Q(lockFile) + " sh -c 'id -u \"$1\" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/sh \"$1\"' sh \"$U\"; }\n";

    public static string Render(RunnerScriptRequest r, string user)
    {
        var s = new StringBuilder();
        s.Append("# NETPERF-BOOTSTRAP ").AppendLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kind"] = "github-runner",
            ["mode"] = r.Mode == RunnerRegistrationMode.JustInTime ? "jit" : "token",
            ["name"] = r.Name,
            ["labels"] = r.Labels,
            ["ephemeral"] = true,
        }));
        s.AppendLine("set -eu");
        s.AppendLine("IFS= read -r NP_SECRET");
        s.Append("U=").AppendLine(Q(user));
        s.Append("D=").AppendLine(Q(r.InstallDirectory));

        // Few programs: each is a fork and an exec (1-2 ms of CPU on a small VM) for every pair; the shell's own test and
        // redirection stand in for mkdir and touch where the result is the same.
        s.Append(PosixSnippets.EffectiveUid);
        s.AppendLine("if [ \"$np_euid\" -eq 0 ]; then SUDO=''; AS=\"runuser -u $U --\"; else SUDO='sudo -n'; AS=\"sudo -n -u $U --\"; fi");
        s.Append(EnsureUser(UserLock));
        s.AppendLine("[ -d \"$D\" ] || $SUDO mkdir -p \"$D\"");
        s.AppendLine("if [ ! -x \"$D/run.sh\" ]; then");
        if (r.PackageUrl is not null)
        {
            s.AppendLine("  P=\"$D.pkg.tar.gz\"");
            s.Append("  $SUDO curl -fsSL --retry 3 -o \"$P\" ").AppendLine(Q(r.PackageUrl.ToString()));
        }
        else
        {
            s.Append("  P=").AppendLine(Q(r.PackagePath!));
        }

        if (r.PackageSha256 is not null)
        {
            s.Append("  echo ").Append(Q(r.PackageSha256.ToLowerInvariant() + "  ")).AppendLine("\"$P\" | $SUDO sha256sum -c -");
        }

        s.AppendLine("  $SUDO tar xzf \"$P\" -C \"$D\"");
        if (r.PackageUrl is not null)
        {
            s.AppendLine("  $SUDO rm -f \"$P\"");
        }

        s.AppendLine("fi");
        s.AppendLine("$SUDO chown -R \"$U\" \"$D\"");

        // The runners of one machine take their jobs one after another (each ephemeral runner starts once the one
        // before it has left): jobs of one pair never run at the same time and disturb each other's measurements.
        // Made once per machine, readable by every runner's user (0644 whatever the caller's umask); a lock file that
        // exists is left as it is, with no chmod at every install.
        s.Append("L=").Append(Q(DirectoryName(r.InstallDirectory).TrimEnd('/') + "/.netperf-one-job.lock"))
            .AppendLine("; [ -e \"$L\" ] || if [ -z \"$SUDO\" ]; then (umask 022; : >> \"$L\"); else $SUDO sh -c 'umask 022; : >> \"$1\"' sh \"$L\"; fi");
        if (r.Mode == RunnerRegistrationMode.JustInTime)
        {
            // The read runs in the foreground: a background list's standard input is /dev/null.
            s.AppendLine("printf '%s\\n' \"$NP_SECRET\" | $AS sh -c 'IFS= read -r " + JitConfigVariable + "; export " + JitConfigVariable + "; cd \"$1\" && " + Detach + "' sh \"$D\" \"$L\"");
            s.AppendLine("unset NP_SECRET");
        }
        else
        {
            s.Append("printf '%s\\n' \"$NP_SECRET\" | $AS sh -c 'IFS= read -r " + TokenVariable + "; export " + TokenVariable + "; cd \"$1\" && exec ./config.sh --unattended --url \"$2\" --name \"$3\" --labels \"$4\" --work _work --ephemeral --disableupdate --replace' sh \"$D\" ")
                .Append(Q(r.RegistrationUrl.ToString().TrimEnd('/'))).Append(' ').Append(Q(r.Name)).Append(' ').AppendLine(Q(string.Join(',', r.Labels)));
            s.AppendLine("unset NP_SECRET");
            s.AppendLine("$AS sh -c 'cd \"$1\" && " + Detach + "' sh \"$D\" \"$L\"");
        }

        s.Append("echo NETPERF_RUNNER_STARTED=").AppendLine(Q(r.Name));
        return s.ToString();
    }

    /// <summary>What POSIX <c>dirname</c> prints for <paramref name="path"/>: the folder part, <c>.</c> when there is none.</summary>
    public static string DirectoryName(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return path.Length == 0 ? "." : "/";
        }

        var slash = trimmed.LastIndexOf('/');
        if (slash < 0)
        {
            return ".";
        }

        var parent = trimmed[..slash].TrimEnd('/');
        return parent.Length == 0 ? "/" : parent;
    }

    /// <summary>Quotes for POSIX sh (<see cref="ShellQuoting.Posix"/>), under a short name for the dense script above.</summary>
    public static string Q(string value) => ShellQuoting.Posix(value);
}
