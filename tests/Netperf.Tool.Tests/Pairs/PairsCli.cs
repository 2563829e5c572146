using System.Diagnostics;
using System.Text;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// The built <c>netperf</c> run as a child process (<c>dotnet exec netperf.dll</c>) with a private local
/// state folder (<c>NETPERF_STATE_DIR</c>), and gates a test holds to stop the child at a chosen point:
/// <list type="bullet">
/// <item><see cref="HoldSshdAfterFirst"/>: an sshd wrapper (<c>Netperf:Local:SshdPath</c>) lets the first pair's
/// sshd start and holds every other pair's until the gate opens, so a test knows which pairs are ready and which are
/// still being created when it sends a signal.</item>
/// <item><see cref="HoldSessionClose"/>: a relay on each shared connection's control socket holds the closes of a
/// pair's sessions, so deleting a made pair takes until the gate opens (each held close gives up after 10 s and asks
/// ssh -O instead, which the relay does not hold): cleanup is still running when a test sends its second signal.</item>
/// </list>
/// Disposing opens the gates, stops every process whose command line names the folder, and deletes the folder.
/// </summary>
internal sealed class PairsCli : IAsyncDisposable
{
    private readonly List<RunningProcess> _started = [];
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private SessionCloseRelay? _relay;

    public PairsCli()
    {
        // Not under /tmp: the peer's sshd keeps StrictModes on and refuses key files below a folder others may write.
        Root = PrivateTestFolder.Create("cli-");
        StateFolder = Path.Combine(Root, "state");
        Gates = Directory.CreateDirectory(Path.Combine(Root, "gates")).FullName;
        _environment["NETPERF_STATE_DIR"] = StateFolder;
    }

    /// <summary>The built CLI beside the tests (the test project references the sample).</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "netperf.dll");

    /// <summary>The test's own folder: state, gates and wrappers.</summary>
    public string Root { get; }

    /// <summary>The local provider's state folder the child uses (<c>NETPERF_STATE_DIR</c>).</summary>
    public string StateFolder { get; }

    /// <summary>The pairs' state files and folders.</summary>
    public string PairsFolder => Path.Combine(StateFolder, "pairs");

    private string Gates { get; }

    /// <summary>Sets an environment variable of every child started after it, such as <c>Netperf__Pool__MaxPairs</c>.</summary>
    public PairsCli With(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>
    /// Holds the sshd of every pair but the first until <see cref="OpenGates"/> (or disposal); after
    /// <see cref="FailHeld"/> the held ones (and any started later) fail at once, as an sshd that cannot start.
    /// </summary>
    public PairsCli HoldSshdAfterFirst()
    {
        var sshd = Prerequisites.FindExecutable("sshd") ?? throw new InvalidOperationException("sshd is missing");
        var script = WriteScript("sshd", $$"""
            #!/bin/bash
            # sshd -D -E LOG -f STATE/pairs/ID/peer/sshd_config: the first pair's starts at once, the others wait for the gate.
            id=$(basename "$(dirname "$(dirname "$5")")")
            gate='{{Gates}}'
            if mkdir "$gate/first" 2>/dev/null; then echo "$id" > "$gate/first/id.tmp" && mv "$gate/first/id.tmp" "$gate/first/id"; fi
            while [ "$(cat "$gate/first/id" 2>/dev/null)" != "$id" ] && [ ! -e "$gate/open" ]; do
              if [ -e "$gate/fail" ]; then exit 1; fi
              sleep 0.05
            done
            # Keep this script's path as argv[0]: Netperf recognises its sshd by the exact launch line it recorded
            # (and sshd re-executes argv[0] for each connection, which passes through here again).
            exec -a "$0" '{{sshd}}' "$@"
            """);
        _environment["Netperf__Local__SshdPath"] = script;

        // A held sshd must not count as one that failed to start.
        _environment["Netperf__Local__StartTimeout"] = "00:05:00";
        return this;
    }

    /// <summary>
    /// Holds every close of a session's shared connection until <see cref="OpenGates"/>: an <c>ssh</c> first on PATH moves
    /// each connection master off its control path, where <see cref="SessionCloseRelay"/> listens instead.
    /// </summary>
    public PairsCli HoldSessionClose()
    {
        var ssh = Prerequisites.FindExecutable("ssh") ?? throw new InvalidOperationException("ssh is missing");
        var bin = Directory.CreateDirectory(Path.Combine(Root, "bin")).FullName;
        var relays = Path.Combine(Gates, "relays");
        WriteScript(Path.Combine("bin", "ssh"), $$"""
            #!/bin/bash
            # ssh as usual, except that the master listens at <control path>.held: the control path is the test's relay,
            # named once in the relays file; every ssh of that path waits until the relay listens.
            args=()
            for a in "$@"; do
              case $a in
                ControlPath=*)
                  p=${a#ControlPath=}
                  if mkdir "$p.named" 2>/dev/null; then echo "$p" >> '{{relays}}'; fi
                  while [ ! -S "$p" ]; do sleep 0.02; done
                  a="ControlPath=$p.held" ;;
              esac
              args+=("$a")
            done
            exec '{{ssh}}' "${args[@]}"
            """);
        _environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        _relay = new SessionCloseRelay(relays);
        return this;
    }

    /// <summary>Makes every held sshd (but the first pair's) fail.</summary>
    public void FailHeld() => File.WriteAllText(Path.Combine(Gates, "fail"), string.Empty);

    /// <summary>Lets every held tool go on.</summary>
    public void OpenGates()
    {
        File.WriteAllText(Path.Combine(Gates, "open"), string.Empty);
        _relay?.Open();
    }

    /// <summary>Starts the CLI with <paramref name="args"/>.</summary>
    public RunningProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Root };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        var process = RunningProcess.Start(info);
        _started.Add(process);
        return process;
    }

    /// <summary>Runs the CLI to its end.</summary>
    public async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] args)
    {
        var process = Start(args);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit, process.StandardOutput, process.StandardError);
    }

    /// <summary>What is under the pairs folder (state files and pair folders), by name.</summary>
    public IReadOnlyList<string> PairEntries() =>
        Directory.Exists(PairsFolder) ? Directory.EnumerateFileSystemEntries(PairsFolder).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Live processes (not zombies) whose command line names the test's folder: sshd, ssh masters, held tools.</summary>
    public IReadOnlyList<string> ProcessesNamingFolder()
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ').Trim();
                if (commandLine.Contains(Root, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return found;
    }

    /// <summary>
    /// Opens the gates and waits until no held sshd wrapper is still waiting in bash: each has exec'd its sshd (whose
    /// launch line is then the one Netperf recorded) or exited. A pair's record is judged against that launch line.
    /// </summary>
    public async Task OpenGatesAndWaitForHeldSshdAsync(TimeSpan timeout)
    {
        OpenGates();

        // Seen here: after the CLI exits on the second SIGINT, its held wrappers (this test's bash scripts, orphaned)
        // are found stopped (state T, do_signal_stop); the sender is not found yet. Let them go on to their exec.
        foreach (var line in ProcessesNamingFolder().Where(p => p.Contains("bash " + Path.Combine(Root, "sshd"), StringComparison.Ordinal)))
        {
            using var cont = Process.Start("kill", ["-CONT", line[..line.IndexOf(':', StringComparison.Ordinal)]]);
            await cont.WaitForExitAsync();
        }

        var wrapper = Path.Combine(Root, "sshd");
        var started = TimeProvider.System.GetTimestamp();
        IReadOnlyList<string> waiting;
        while ((waiting = ProcessesNamingFolder().Where(p => p.Contains("bash " + wrapper, StringComparison.Ordinal)).ToList()).Count > 0)
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"held sshd wrappers still waiting after {timeout.TotalSeconds:0} s:\n{string.Join('\n', waiting)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>Waits until <paramref name="count"/> session closes are held at once (the gate is shut until then).</summary>
    public async Task WaitForHeldSessionClosesAsync(int count, TimeSpan timeout)
    {
        var relay = _relay ?? throw new InvalidOperationException("HoldSessionClose was not called.");
        var started = TimeProvider.System.GetTimestamp();
        while (relay.Held < count)
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{count} session closes were never held at once within {timeout.TotalSeconds:0} s; held: {relay.Held}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    public async ValueTask DisposeAsync()
    {
        OpenGates();
        foreach (var process in _started)
        {
            await process.DisposeAsync();
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        foreach (var line in ProcessesNamingFolder())
        {
            var pid = int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone meanwhile.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        PrivateTestFolder.Delete(Root);
    }

    private string WriteScript(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
