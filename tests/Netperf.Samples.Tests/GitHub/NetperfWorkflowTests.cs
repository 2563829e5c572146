using System.Text.Json;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Testing;
using static Netperf.Samples.Tests.GitHub.WorkflowFile;

namespace Netperf.Samples.Tests.GitHub;

/// <summary>samples/github/netperf.yml lines up with what the host emits: matrix JSON, runner labels, cleanup.</summary>
public sealed class NetperfWorkflowTests
{
    private const string FromMatrix = "${{ fromJSON(needs.prepare.outputs.matrix) }}";
    private static readonly WorkflowFile Workflow = Load("samples/github/netperf.yml");
    private static readonly Dictionary<string, string> GitHubContext = new() { ["run_id"] = "4711", ["run_attempt"] = "2" };

    [Fact]
    public void Jobs_NeedsChain_PrepareProvisionPerfCleanup()
    {
        Assert.Equal(["prepare", "provision", "perf", "cleanup"], Workflow.Jobs.Keys.Cast<string>());
        Assert.Equal(["prepare"], Strings(Workflow.Job("provision")["needs"]));
        Assert.Equal(["prepare", "provision"], Strings(Workflow.Job("perf")["needs"]));
        Assert.Equal(["prepare", "provision", "perf"], Strings(Workflow.Job("cleanup")["needs"]));
    }

    [Fact]
    public async Task Prepare_MatrixOutput_IsMatrixExpandJsonOfTheSampleMatrix()
    {
        var prepare = Workflow.Job("prepare");
        Assert.Equal("${{ steps.expand.outputs.matrix }}", Get(Map(prepare["outputs"]), "matrix"));
        var expand = Assert.Single(Steps(prepare), s => Get(s, "id") == "expand");
        var run = Get(expand, "run")!;
        Assert.Contains("matrix=$($PAIRS matrix expand samples/github/matrix.json --json)", run, StringComparison.Ordinal);
        Assert.Contains(">> \"$GITHUB_OUTPUT\"", run, StringComparison.Ordinal);
        Assert.Equal("dotnet run --project src/Netperf.Tool -c Release --", Get(Map(Workflow.Root["env"]), "PAIRS"));

        var expansion = JobMatrix.Expand(await JobMatrix.LoadAsync(Path.Combine(RepositoryRoot.Find(), "samples/github/matrix.json")));
        Assert.NotEmpty(expansion.Jobs);
        Assert.DoesNotContain('\n', expansion.ToGitHubMatrixJson());
        Assert.Empty(await new HostedRunnerLabelCheck().CheckAsync(expansion));
        foreach (var job in new[] { "provision", "perf" })
        {
            Assert.Equal(FromMatrix, Get(Map(Workflow.Job(job)["strategy"]), "matrix"));
        }
    }

    [Fact]
    public async Task Perf_RunsOn_IsSatisfiedByTheRunnerRegisteredForTheSameMatrixEntryOnly()
    {
        var template = Strings(Workflow.Job("perf")["runs-on"]);
        var entries = await MatrixEntriesAsync();
        Assert.True(entries.Count >= 2, "the sample matrix should have several jobs");

        foreach (var entry in entries)
        {
            var runsOn = template.Select(t => Render(t, entry.Values, GitHubContext)).ToList();
            var hostRunsOn = entry.RunsOn;

            // The host's runs-on labels, plus self-hosted and this run's label (so concurrent runs never share runners).
            Assert.Equal(["self-hosted", .. hostRunsOn, "run-4711-2"], runsOn);

            // GitHub picks a runner that has every runs-on label: the runner registered for this entry must have them all.
            var registered = RegisteredLabels(entry, "4711-2");
            Assert.All(runsOn, l => Assert.Contains(l, registered, StringComparer.OrdinalIgnoreCase));

            // ...and the runner registered for the same entry by another run (attempt) must not.
            var otherRun = RegisteredLabels(entry, "4711-3");
            Assert.Contains(runsOn, l => !otherRun.Contains(l, StringComparer.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Perf_OptionalJobs_ContinueOnErrorFromTheMatrix()
    {
        var perf = Workflow.Job("perf");
        Assert.Equal("${{ matrix.optional }}", Get(perf, "continue-on-error"));
        Assert.Equal("false", Get(Map(perf["strategy"]), "fail-fast"));
        var steps = Steps(perf);
        Assert.Contains(steps, s => Get(s, "run")?.Contains("--results-file \"results/${{ matrix.id }}.json\"", StringComparison.Ordinal) == true);
        Assert.Contains(steps, s => Get(s, "run")?.Contains("$GITHUB_STEP_SUMMARY", StringComparison.Ordinal) == true && Get(s, "if") == "always()");
        Assert.Contains(steps, s => Get(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true && Get(s, "if") == "always()");
    }

    [Fact]
    public void Provision_RegistersTheClientWithTheMatrixDimensionsAndThisRun()
    {
        Assert.Equal("${{ github.repository }}/${{ github.run_id }}-${{ github.run_attempt }}", Get(Map(Workflow.Root["env"]), "NETPERF_RUN"));

        // The run id names its repository for the janitor, and still gives the run label the perf job targets.
        Assert.Equal("run-4711-2", Netperf.Core.GitHub.RunnerLabels.Run("octo/app/4711-2"));
        Assert.True(Netperf.Core.GitHub.GitHubRunLivenessCheck.TryParseRunId("octo/app/4711-2", out var repository, out _, out _) && repository == "octo/app");
        var steps = Steps(Workflow.Job("provision"));
        var create = Get(Assert.Single(steps, s => Get(s, "id") == "pair"), "run")!;
        var register = Get(Assert.Single(steps, s => Get(s, "run")?.Contains("runners register", StringComparison.Ordinal) == true), "run")!;

        foreach (var dimension in new[] { "env", "os", "arch" })
        {
            Assert.Contains($"--{dimension} \"${{{{ matrix.{dimension} }}}}\"", create, StringComparison.Ordinal);
            Assert.Contains($"--{dimension} \"${{{{ matrix.{dimension} }}}}\"", register, StringComparison.Ordinal);
        }

        Assert.Contains("--run \"$NETPERF_RUN\"", create, StringComparison.Ordinal);
        Assert.Contains("--io \"${{ matrix.io }}\"", register, StringComparison.Ordinal);
        Assert.Contains("--run \"$NETPERF_RUN\"", register, StringComparison.Ordinal);
        Assert.Contains("--pair \"${{ steps.pair.outputs.id }}\"", register, StringComparison.Ordinal);
    }

    [Fact]
    public void Cleanup_AlwaysRuns_RemovesThisRunsRunnersThenPairs()
    {
        var cleanup = Workflow.Job("cleanup");
        Assert.Equal("always()", Get(cleanup, "if"));
        var runs = Steps(cleanup).Where(s => s.ContainsKey("run")).ToList();
        Assert.All(runs, s => Assert.Equal("always()", Get(s, "if")));
        Assert.Contains("runners prune --run \"$NETPERF_RUN\"", Get(runs[0], "run"), StringComparison.Ordinal);
        Assert.Contains("pairs delete", Get(runs[1], "run"), StringComparison.Ordinal);
        Assert.Contains("select(.run == $run)", Get(runs[1], "run"), StringComparison.Ordinal);
    }

    [Fact]
    public void RunsOn_SelfHostedJobsTargetNetperfLabelsThatCollideWithNothingHosted()
    {
        foreach (var (name, job) in Workflow.Jobs.Select(j => ((string)j.Key, Map(j.Value))))
        {
            var labels = Strings(job["runs-on"]);
            if (!labels.Contains("self-hosted"))
            {
                Assert.Equal("prepare", name);
                continue;
            }

            Assert.True(labels.Contains("netperf") || labels.Contains("netperf-orchestrator"), $"{name} could land on any self-hosted runner");
            Assert.All(labels.Where(l => l != "self-hosted" && !l.Contains("${{", StringComparison.Ordinal)), l => Assert.Null(RunnerLabels.FindProblem(l)));
        }
    }

    [Fact]
    public void Secrets_RunnerTokenOnlyFromRepositorySecrets()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples/github/netperf.yml"));
        var tokenLines = text.Split('\n').Where(l => l.Contains("Netperf__GitHub__Token", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tokenLines);
        Assert.All(tokenLines, l => Assert.EndsWith("${{ secrets.NETPERF_RUNNER_TOKEN }}", l.Trim(), StringComparison.Ordinal));
        Assert.Equal("read", Get(Map(Workflow.Root["permissions"]), "actions"));
    }

    private static HashSet<string> RegisteredLabels(MatrixEntry entry, string runId)
    {
        var spec = new MachineSpec { Image = entry.Values["os"], Environment = entry.Values["env"], Architecture = entry.Values["arch"] };
        var labels = RunnerLabels.ForPair("p1", spec, runId, entry.Values["io"]);
        return RunnerLabels.Defaults(spec.OsFamily == OsFamily.Windows ? "windows" : "linux", spec.Architecture)
            .Concat(labels).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static async Task<List<MatrixEntry>> MatrixEntriesAsync()
    {
        var expansion = JobMatrix.Expand(await JobMatrix.LoadAsync(Path.Combine(RepositoryRoot.Find(), "samples/github/matrix.json")));
        using var doc = JsonDocument.Parse(expansion.ToGitHubMatrixJson());
        return doc.RootElement.GetProperty("include").EnumerateArray().Select(e => new MatrixEntry(
            e.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()),
            e.GetProperty("runs-on").EnumerateArray().Select(l => l.GetString()!).ToList())).ToList();
    }

    private sealed record MatrixEntry(Dictionary<string, string> Values, List<string> RunsOn);
}
