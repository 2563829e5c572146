using System.Diagnostics;
using System.Text.Json;
using Netperf.Testing.GitHub;

namespace Netperf.Tool.Tests.GitHub;

/// <summary>netperf runners list/prune as a child process against the fake GitHub on 127.0.0.1.</summary>
public sealed class RunnersCommandTests
{
    [Fact]
    public async Task List_Json_NetperfRunnersWithPairAndRun()
    {
        await using var gh = await FakeGitHubServer.StartAsync();
        gh.AddRunner("np-a-client", ["netperf", "env-lab", "pair-a", "run-10-1"]);
        gh.AddRunner("np-b-client", ["netperf", "env-lab", "pair-b", "run-11-1"], busy: true);
        gh.AddRunner("build-box", ["gpu"]);

        var (exit, stdout, stderr) = await RunAsync(gh, FakeGitHubServer.DefaultToken, "runners", "list", "--json");

        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var runners = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["np-a-client", "np-b-client"], runners.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("a", runners[0].GetProperty("pair").GetString());
        Assert.Equal("11-1", runners[1].GetProperty("run").GetString());
        Assert.True(runners[1].GetProperty("busy").GetBoolean());
        Assert.DoesNotContain(FakeGitHubServer.DefaultToken, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_Json_RemovesTheEndedRunsRunnerKeepsTheLiveOne()
    {
        await using var gh = await FakeGitHubServer.StartAsync();
        gh.SetWorkflowRun(10, 1, "completed");
        gh.SetWorkflowRun(11, 1, "in_progress");
        gh.AddRunner("np-a-client", ["netperf", "env-lab", "pair-a", "run-10-1"], online: false);
        var live = gh.AddRunner("np-b-client", ["netperf", "env-lab", "pair-b", "run-11-1"], online: false);

        var (dryExit, dryOut, _) = await RunAsync(gh, FakeGitHubServer.DefaultToken, "runners", "prune", "--dry-run", "--json");
        Assert.Equal(0, dryExit);
        Assert.Equal(2, gh.Runners.Count);

        var (exit, stdout, stderr) = await RunAsync(gh, FakeGitHubServer.DefaultToken, "runners", "prune", "--json");

        Assert.True(exit == 0, stderr);
        using var dry = JsonDocument.Parse(dryOut);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(["np-a-client"], dry.RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["np-a-client"], doc.RootElement.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([live.Id], gh.Runners.Select(r => r.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Register_SshWithoutAPinnedHostKey_Exits2BeforeAnySecretIsMade(bool missingFile)
    {
        await using var gh = await FakeGitHubServer.StartAsync();
        string[] pin = missingFile ? ["--known-hosts", Path.Combine(Path.GetTempPath(), $"np-no-such-{Guid.NewGuid():N}")] : [];

        var (exit, _, stderr) = await RunAsync(
            gh, FakeGitHubServer.DefaultToken, ["runners", "register", "--pair", "p1", "--env", "local", "--os", "ubuntu-24.04", "--ssh", "runner@192.0.2.10:22", .. pin]);

        Assert.Equal(2, exit);
        Assert.Contains("--known-hosts", stderr, StringComparison.Ordinal);
        Assert.Empty(gh.Journal);
    }

    [Fact]
    public async Task List_NoToken_ConfigurationErrorNamesTheSetting()
    {
        await using var gh = await FakeGitHubServer.StartAsync();

        var (exit, _, stderr) = await RunAsync(gh, token: null, "runners", "list");

        Assert.Equal(2, exit);
        Assert.Contains("Netperf:GitHub:Token", stderr, StringComparison.Ordinal);
        Assert.Empty(gh.Journal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(FakeGitHubServer gh, string? token, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netperf.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Netperf__GitHub__ApiBaseUrl"] = gh.BaseUrl.ToString();
        start.Environment["Netperf__GitHub__Owner"] = "netperf";
        start.Environment["Netperf__GitHub__Repository"] = "netperf";
        if (token is not null)
        {
            start.Environment["Netperf__GitHub__Token"] = token;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
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
}
