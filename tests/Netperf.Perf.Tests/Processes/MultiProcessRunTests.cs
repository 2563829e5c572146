using System.Diagnostics;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;
using Netperf.Testing.Secrets;

namespace Netperf.Perf.Tests.Processes;

public sealed class MultiProcessRunTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_TwoProcesses_ReportsOneTotalFromBothChildren()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var results = Path.Combine(Path.GetTempPath(), $"npps-{Guid.NewGuid():N}.json");
        try
        {
            await using var run = Start("NoOp", "--parallel", "2", "--processes", "2", "--duration", "1", "--warmup", "0", "--results-file", results);
            await WaitForIterationAsync(run);
            var children = run.Children();
            var code = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.True(code == 0, $"exit {code}\n{run.Output}");
            Assert.Single(run.StandardOutput.Split('\n'), l => l.StartsWith("=== Result: NoOpTest (Succeeded)", StringComparison.Ordinal));
            var json = await File.ReadAllTextAsync(results);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var instances = document.RootElement.GetProperty("iterations")[0].GetProperty("instances");
            Assert.Equal([0, 1], instances.EnumerateArray().Select(i => i.GetProperty("processIndex").GetInt32()).Order());
            Assert.All(instances.EnumerateArray(), i => Assert.True(i.GetProperty("completedOperations").GetInt64() > 0));
            Assert.Equal(2, children.Count);
            AssertGone(children);
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

        await using var run = Start("NoOp", "--parallel", "2", "--duration", "1", "--warmup", "0");
        var code = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, $"exit {code}\n{run.Output}");
        Assert.Contains(
            $"parallel 2, {expected} {(expected == 1 ? "process" : "processes")} (--processes default: one per core, capped at --parallel), duration 1 s",
            run.StandardOutput);
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
            await using var run = Start(["HmacSign", .. key, "--parallel", "2", "--processes", "2", "--duration", "2", "--warmup", "0", "--results-file", results]);
            await using var watch = CommandLineWatch.Start(except: inResponseFile ? [] : [run.Id]);
            await WaitForIterationAsync(run);
            var children = run.Children();
            watch.Scan();
            var code = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.Equal(2, children.Count);

            // HmacSign requires --key: both children ran, so both got it (on their standard input).
            Assert.True(code == 0, $"exit {code}\n{run.Output}");
            await watch.AssertNeverSeenAsync(secret.Value);
            secret.AssertNotIn("the standard output", run.StandardOutput);
            secret.AssertNotIn("the standard error", run.StandardError);
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
        await using var run = Start("NoOp", "--parallel", "2", "--processes", "2", "--duration", "60", "--warmup", "0");
        await WaitForIterationAsync(run);
        var children = run.Children();
        Assert.Equal(2, children.Count);
        var victim = children.Max();
        using (var kill = Process.Start("kill", ["-KILL", victim.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        var code = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exit {code}\n{run.Output}");
        var errors = run.StandardError;
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

    private static RunningProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { WatchedSampleRun.SampleDll } };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return RunningProcess.Start(info);
    }

    private static Task<string> WaitForIterationAsync(RunningProcess run) =>
        run.WaitForLineAsync(l => l.Contains("=== Iteration 1 ===", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
}
