using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Netperf.Testing.Processes;

/// <summary>
/// A child process a test talks to while it runs: its output lines are collected as they come (stdout and stderr
/// apart and interleaved), a test waits for a line that matches (a signal of progress, not a sleep), sends it POSIX
/// signals, and waits for its exit. Disposing kills whatever of its tree still runs.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly StringBuilder _standardError = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly string _display;

    private RunningProcess(Process process, string display)
    {
        _process = process;
        _display = display;
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get { lock (_gate) { return _output.ToString(); } }
    }

    /// <summary>What the child printed on stdout so far.</summary>
    public string StandardOutput
    {
        get { lock (_gate) { return _standardOutput.ToString(); } }
    }

    /// <summary>What the child printed on stderr so far.</summary>
    public string StandardError
    {
        get { lock (_gate) { return _standardError.ToString(); } }
    }

    /// <summary>Starts <paramref name="info"/> with its output redirected and its standard input closed.</summary>
    /// <param name="info">What to start; its file name, arguments, folder and environment are kept.</param>
    /// <returns>The running child.</returns>
    public static RunningProcess Start(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var display = $"{info.FileName} {string.Join(' ', info.ArgumentList)}{info.Arguments}";
        RestoreDefaultSignals(info);
        var process = new Process { StartInfo = info };
        var running = new RunningProcess(process, display);
        process.OutputDataReceived += (_, e) => running.Append(e.Data, running._standardOutput);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data, running._standardError);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>
    /// Starts the child through <c>env --default-signal</c> (GNU coreutils, which then execs it: same pid), so that it
    /// meets SIGINT, SIGHUP, SIGTERM and SIGQUIT with their default dispositions. A test run started in the background
    /// by a non-interactive shell (<c>dotnet test … &amp;</c>) has SIGINT and SIGQUIT ignored, and an ignored signal is
    /// inherited across exec: without this, a child under test would never see the Ctrl+C the test sends it, as a
    /// user's program in the foreground does.
    /// </summary>
    private static void RestoreDefaultSignals(ProcessStartInfo info)
    {
        const string env = "/usr/bin/env";
        if (!OperatingSystem.IsLinux() || !File.Exists(env))
        {
            return;
        }

        var program = info.FileName;
        info.FileName = env;
        if (info.ArgumentList.Count > 0 || string.IsNullOrEmpty(info.Arguments))
        {
            info.ArgumentList.Insert(0, "--default-signal=INT,HUP,TERM,QUIT");
            info.ArgumentList.Insert(1, "--");
            info.ArgumentList.Insert(2, program);
        }
        else
        {
            info.Arguments = $"--default-signal=INT,HUP,TERM,QUIT -- \"{program}\" {info.Arguments}";
        }
    }

    /// <summary>Waits until the child prints a line (on stdout or stderr) that <paramref name="match"/> accepts.</summary>
    /// <param name="match">The line wanted.</param>
    /// <param name="timeout">How long to wait; past it, or when the child exits first, the test fails with the output.</param>
    /// <returns>The first matching line.</returns>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((match, found));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout, TimeProvider.System)).ConfigureAwait(false);
        if (first == found.Task)
        {
            return await found.Task.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _waiters.RemoveAll(w => w.Found == found);
        }

        if (first == exited)
        {
            // Output still in flight when the process ended may hold the line.
            _process.WaitForExit();
            lock (_gate)
            {
                var late = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
                if (late is not null)
                {
                    return late;
                }
            }

            throw new InvalidOperationException($"'{_display}' exited with {_process.ExitCode} before printing the line waited for:\n{Output}");
        }

        throw new TimeoutException($"'{_display}' printed no line waited for within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>
    /// The process ids of the child's own children now (those whose parent it is, by <c>/proc/PID/stat</c>): a test
    /// follows a program's child processes with it, to signal one or to check afterwards that none outlived it.
    /// Empty without <c>/proc</c>.
    /// </summary>
    /// <returns>The children's pids.</returns>
    public IReadOnlyList<int> Children()
    {
        var children = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return children;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // The command name in parentheses may hold spaces: the fields after its closing one are state, ppid, ...
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) == _process.Id)
                {
                    children.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    /// <summary>Sends a POSIX signal to the child (not to its children), as <c>kill -SIG pid</c> does.</summary>
    /// <param name="signal">The signal number: 2 (SIGINT), 15 (SIGTERM), 1 (SIGHUP), ...</param>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the child to exit; past <paramref name="timeout"/> its tree is killed and the test fails.</summary>
    /// <param name="timeout">How long it may take.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TimeoutException($"'{_display}' ran past {timeout.TotalSeconds:0} s:\n{Output}");
        }

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the child's tree if it still runs.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line, StringBuilder stream)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _output.AppendLine(line);
            stream.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                matched.Add(waiter.Found);
                _waiters.Remove(waiter);
            }
        }

        foreach (var found in matched)
        {
            found.TrySetResult(line);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
