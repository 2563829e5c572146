using static Netperf.Samples.Tests.GitHub.WorkflowFile;

namespace Netperf.Samples.Tests.GitHub;

/// <summary>samples/github/netperf-janitor.yml: scheduled, prunes runners and pairs, each step even if the other failed.</summary>
public sealed class JanitorWorkflowTests
{
    private static readonly WorkflowFile Workflow = Load("samples/github/netperf-janitor.yml");

    [Fact]
    public void Schedule_HourlyCronAndManualDryRun()
    {
        // YAML 1.1 reads the key "on" as a boolean; YamlDotNet keeps it as the string "on".
        var on = Map(Workflow.Root["on"]);
        var schedule = Assert.Single((List<object>)on["schedule"]);
        Assert.Equal(5, Get(Map(schedule), "cron")!.Split(' ').Length);
        Assert.True(Map(Map(Map(on["workflow_dispatch"])["inputs"])).ContainsKey("dry-run"));
    }

    [Fact]
    public void Janitor_PrunesRunnersThenPairsOnTheOrchestrator()
    {
        var job = Workflow.Job("janitor");
        Assert.Equal(["self-hosted", "netperf-orchestrator"], Strings(job["runs-on"]));
        var runs = Steps(job).Where(s => s.ContainsKey("run")).ToList();
        Assert.Equal("$PAIRS runners prune $DRY_RUN --json", Get(runs[0], "run"));
        Assert.Equal("$PAIRS janitor $DRY_RUN --json", Get(runs[1], "run"));
        Assert.All(runs, s => Assert.Equal("always()", Get(s, "if")));
        Assert.Equal("read", Get(Map(Workflow.Root["permissions"]), "actions"));
        Assert.Equal("${{ secrets.NETPERF_RUNNER_TOKEN }}", Get(Map(Workflow.Root["env"]), "Netperf__GitHub__Token"));
    }
}
