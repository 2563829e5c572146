using System.Diagnostics;
using System.Text;
using Netperf.Testing.Integration;
using Netperf.Testing.Secrets;

namespace Netperf.Perf.Tests.Processes;

public sealed class MultiProcessRunTests
{
    private static readonly string SampleDll = Path.Combine(AppContext.BaseDirectory, "Netperf.Samples.PerfTests.dll");

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_TwoProcesses_ReportsOneTotalFromBothChildren()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var results = Path.Combine(Path.GetTempPath(), $"npps-{Guid.NewGuid():N}.json");
        try
        {
            using var run = Start("NoOp", "--parallel", "2", "--processes", "2", "--duration", "1", "--warmup", "0", "--results-file", results);
            var exited = await run.WaitAsync(TimeSpan.FromSeconds(90));

            Assert.True(exited, "the run did not finish within 90 s\n" + run.Output);
            Assert.Equal(0, run.Process.ExitCode);
            Assert.Single(run.Output.ToString().Split('\n'), l => l.StartsWith("=== Result: NoOpTest (Succeeded)", StringComparison.Ordinal));
            var json = await File.ReadAllTextAsync(results);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var instances = document.RootElement.GetProperty("iterations")[0].GetProperty("instances");
            Assert.Equal([0, 1], instances.EnumerateArray().Select(i => i.GetProperty("processIndex").GetInt32()).Order());
            Assert.All(instances.EnumerateArray(), i => Assert.True(i.GetProperty("completedOperations").GetInt64() > 0));
            Assert.Equal(2, run.ChildPids.Count);
            AssertGone(run.ChildPids);
        }
        finally
        {
            File.Delete(results);
        }
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_ParallelTwoWithoutProcesses_HeaderNamesTheProcessCount()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var expected = Math.Min(Environment.ProcessorCount, 2);

        using var run = Start("NoOp", "--parallel", "2", "--duration", "1", "--warmup", "0");
        var exited = await run.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exited, "the run did not finish within 90 s\n" + run.Output);
        Assert.Contains(
            $"parallel 2, {expected} {(expected == 1 ? "process" : "processes")} (--processes default: one per core, capped at --parallel), duration 1 s",
            run.Output.ToString());
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_SecretOptionTwoProcesses_SecretOnNoCommandLineOutputOrResults(bool inResponseFile)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var secret = new PlantedSecret();
        var folder = Directory.CreateTempSubdirectory("npps-secret-").FullName;
        var results = Path.Combine(folder, "results.json");
        var keyFile = Path.Combine(folder, "key.rsp");
        File.WriteAllText(keyFile, $"--key {secret.Value}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Given on the parent's command line, the key is there by the test's own doing (ps shows it for the
            // parent, and only the parent); given in a response file it must be on no command line at all.
            string[] key = inResponseFile ? ["@" + keyFile] : ["--key", secret.Value];
            using var run = Start(["HmacSign", .. key, "--parallel", "2", "--processes", "2", "--duration", "2", "--warmup", "0", "--results-file", results]);
            await using var watch = CommandLineWatch.Start(except: inResponseFile ? [] : [run.Process.Id]);
            await run.WaitForOutputAsync("=== Iteration 1 ===", TimeSpan.FromSeconds(60));
            var children = run.FindChildren();
            watch.Scan();
            var exited = await run.WaitAsync(TimeSpan.FromSeconds(90));

            Assert.True(exited, "the run did not finish within 90 s\n" + run.Output);
            Assert.Equal(2, children.Count);

            // HmacSign requires --key: both children ran, so both got it (on their standard input).
            Assert.True(run.Process.ExitCode == 0, $"exit {run.Process.ExitCode}\n{run.Output}\n{run.Error}");
            await watch.AssertNeverSeenAsync(secret.Value);
            secret.AssertNotIn("the standard output", run.Output.ToString());
            secret.AssertNotIn("the standard error", run.Error.ToString());
            secret.AssertNotInFile(results);
            using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(results));
            Assert.Equal("***", document.RootElement.GetProperty("options").GetProperty("key").GetString());
            var arguments = document.RootElement.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()).ToList();
            Assert.Equal("***", arguments[arguments.IndexOf("--key") + 1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_ChildKilledWithSigkill_ParentExits1NamingItAndNothingIsLeft()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var run = Start("NoOp", "--parallel", "2", "--processes", "2", "--duration", "60", "--warmup", "0");
        await run.WaitForOutputAsync("=== Iteration 1 ===", TimeSpan.FromSeconds(60));
        var children = run.FindChildren();
        Assert.Equal(2, children.Count);
        var victim = children.Max();
        using (var kill = Process.Start("kill", ["-KILL", victim.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        var exited = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exited, "the parent did not exit within 60 s after the child was killed\n" + run.Output);
        Assert.Equal(1, run.Process.ExitCode);
        var errors = run.Error.ToString();
        Assert.Contains($"pid {victim}", errors);
        Assert.Contains("SIGKILL", errors);
        AssertGone(children);
    }

    private static void AssertGone(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            var stat = $"/proc/{pid}/stat";
            if (File.Exists(stat))
            {
                string text;
                try
                {
                    text = File.ReadAllText(stat);
                }
                catch (IOException)
                {
                    continue;
                }

                var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
                Assert.True(state is "Z" or "X", $"process {pid} is still alive (state {state})");
            }
        }
    }

    private static RunningProgram Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SampleDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return new RunningProgram(Process.Start(info)!);
    }

    private sealed class RunningProgram : IDisposable
    {
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

        public RunningProgram(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => OnLine(Output, e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(Error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public StringBuilder Output { get; } = new();

        public StringBuilder Error { get; } = new();

        public List<int> ChildPids { get; } = [];

        public async Task<bool> WaitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await Process.WaitForExitAsync(cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Output)
            {
                if (Output.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                _waits.Add((text, seen));
            }

            // A program that fails early never prints the text: say so with its output instead of waiting out the timeout.
            try
            {
                await Task.WhenAny(seen.Task, Process.WaitForExitAsync()).WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
            }

            if (!seen.Task.IsCompleted)
            {
                var why = Process.HasExited ? $"before it exited with code {Process.ExitCode}" : $"within {timeout}";
                throw new Xunit.Sdk.XunitException($"The program did not print '{text}' {why}.\n{Output}\n{Error}");
            }
        }

        public List<int> FindChildren()
        {
            var result = new List<int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                    if (ppid == Process.Id)
                    {
                        result.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
            }

            ChildPids.AddRange(result);
            return result;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void OnLine(StringBuilder target, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (Output)
            {
                target.AppendLine(line);
                if (target == Output)
                {
                    foreach (var wait in _waits.Where(w => line.Contains(w.Text, StringComparison.Ordinal)))
                    {
                        wait.Seen.TrySetResult();
                    }
                }

                if (line.StartsWith("=== Iteration", StringComparison.Ordinal) && ChildPids.Count == 0)
                {
                    // Remember the children while they run, for the no-orphan check at the end.
                    FindChildrenQuietly();
                }
            }
        }

        private void FindChildrenQuietly()
        {
            try
            {
                FindChildren();
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
