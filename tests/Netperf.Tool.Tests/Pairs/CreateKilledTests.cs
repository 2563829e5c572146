using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Netperf.Testing.Integration;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// Issue 16 item 3 through the real CLI: a <c>pairs create</c> child killed with SIGKILL at a point (its pair's sshd runs,
/// the create has not finished), then one <c>janitor</c> pass: nothing of the killed create is left, and a live pair made
/// beforehand in the same state folder is untouched.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CreateKilledTests
{
    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task PairsCreate_KilledOnceItsSshdRuns_OneJanitorPassLeavesNothingAndKeepsTheLivePair()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var state = PrivateTestFolder.Create("npk-");
        string? keep = null;
        try
        {
            var (code, output, error) = await RunAsync(state, "pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--ttl", "1h", "--json");
            Assert.True(code == 0, output + error);
            keep = JsonDocument.Parse(output).RootElement[0].GetProperty("id").GetString()!;
            var keepSshd = SshdPid(state, keep);
            Assert.Contains(keepSshd, ProcessesNaming(state));

            // The point: the victim's sshd is running, its create has not returned. SIGKILL the CLI alone, as the OOM killer would.
            using var victim = Start(state, "pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--ttl", "1ms");
            var watch = Stopwatch.StartNew();
            while (!ProcessesNaming(Path.Combine(state, "pairs")).Any(pid => pid != keepSshd && Title(pid).Contains("sshd_config", StringComparison.Ordinal)))
            {
                Assert.False(victim.HasExited, "the create ended before its sshd was seen");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the victim's sshd never started");
                await Task.Yield();
            }

            victim.Kill();
            await victim.WaitForExitAsync();
            var victimId = Directory.GetFiles(Path.Combine(state, "pairs"), "*.json").Select(Path.GetFileNameWithoutExtension).Single(id => id != keep);
            Assert.NotEmpty(ProcessesNaming(Path.Combine(state, "pairs", victimId!)));

            var (janitorCode, janitorStdout, janitorError) = await RunAsync(state, "janitor");
            var janitorOutput = janitorStdout + janitorError;

            Assert.True(janitorCode == 0, janitorOutput);
            Assert.Contains($"local/{victimId}", janitorOutput, StringComparison.Ordinal);
            var watchGone = Stopwatch.StartNew();
            while (ProcessesNaming(state).Any(pid => pid != keepSshd))
            {
                Assert.True(watchGone.Elapsed < TimeSpan.FromSeconds(10), "left running: " + string.Join(", ", ProcessesNaming(state).Where(p => p != keepSshd).Select(Title)));
                await Task.Yield();
            }

            Assert.Equal([keep + ".json", keep], Directory.GetFileSystemEntries(Path.Combine(state, "pairs")).Select(Path.GetFileName).OrderDescending(StringComparer.Ordinal));
            Assert.Empty(Directory.Exists(Path.Combine(state, "ssh")) ? Directory.GetFileSystemEntries(Path.Combine(state, "ssh")) : []);
            Assert.Equal([keepSshd], ProcessesNaming(state));
        }
        finally
        {
            if (keep is not null)
            {
                await RunAsync(state, "pairs", "delete", keep, "--env", "local");
            }

            foreach (var pid in ProcessesNaming(state))
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }

            PrivateTestFolder.Delete(state);
        }
    }

    private static ProcessStartInfo Info(string state, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netperf.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NETPERF_STATE_DIR"] = state;
        return start;
    }

    private static Process Start(string state, params string[] args)
    {
        var process = Process.Start(Info(state, args))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs the CLI to its end: the exit code, and standard output (the results) then standard error (progress).</summary>
    private static async Task<(int Code, string Output, string Error)> RunAsync(string state, params string[] args)
    {
        using var process = Process.Start(Info(state, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static int SshdPid(string state, string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "pairs", id + ".json"))).RootElement.GetProperty("SshdPid").GetInt32();

    /// <summary>Every process whose command line names <paramref name="path"/> (sshd, its sessions, ssh control masters).</summary>
    private static List<int> ProcessesNaming(string path) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && Title(pid).Contains(path + "/", StringComparison.Ordinal))
            .Order()];

    private static string Title(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
