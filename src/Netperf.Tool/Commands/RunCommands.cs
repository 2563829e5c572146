using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;
using Netperf.Core.Pool;
using Netperf.Core.Remoting;
using Netperf.Core.Runs;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary>
/// <c>provision</c>, <c>teardown</c> and <c>run</c>: a job matrix as one run (<see cref="RunPlanner"/>). Provision makes
/// the pairs and one GitHub runner per job and prints the workflow's matrix; teardown removes a run; run does the same
/// without GitHub, a command per job on its pair's client.
/// </summary>
internal static class RunCommands
{
    public static IEnumerable<Command> Create(ToolApp app) => [Provision(app), Teardown(app), Run(app)];

    private static Command Provision(ToolApp app)
    {
        var (matrix, run, owner, ttl, tools, json) = Common();
        var noRunners = new Option<bool>("--no-runners") { Description = "Make the pairs only; register no GitHub runners." };
        var command = new Command("provision", "Provision a job matrix as one run: pairs through the pool, one GitHub runner per job on its pair's client, the plan file; prints the workflow's matrix.")
        {
            matrix, run, owner, ttl, tools, noRunners, json,
        };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var request = await RequestAsync(parse, services, matrix, run, owner, ttl, tools, ct);
            var planner = services.GetRequiredService<RunPlanner>();
            RunPlan plan;
            if (parse.GetValue(noRunners))
            {
                plan = await Plan(() => planner.ProvisionAsync(request, null, null, ct));
            }
            else
            {
                plan = null!;
                var code = await RunnersCommand.WithGitHubAsync(parse, services, async gh =>
                {
                    plan = await Plan(() => planner.ProvisionAsync(request, gh.GetRequiredService<RunnerInstaller>(), gh.GetRequiredService<IRunnerRegistry>(), ct));
                    return ExitCodes.Ok;
                });
                if (code != ExitCodes.Ok)
                {
                    return code;
                }
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(new
                {
                    run = plan.RunId,
                    plan = planner.Store.PathOf(plan.RunId),
                    matrix = System.Text.Json.JsonDocument.Parse(plan.ToGitHubMatrixJson()).RootElement,
                }));
            }
            else
            {
                foreach (var job in plan.Jobs)
                {
                    await output.WriteLineAsync($"{job.Id,-45} pair {job.PairId}{(job.Reassigned ? " (reassigned)" : string.Empty)}  runs-on: [{string.Join(", ", job.RunsOn)}]");
                }

                await output.WriteLineAsync($"run {plan.RunId}: {plan.Jobs.Count} job(s) on {plan.Pairs.Count} pair(s); plan {planner.Store.PathOf(plan.RunId)}.");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Teardown(ToolApp app)
    {
        var json = CommonOptions.Json();
        var run = CommonOptions.NotBlank(new Option<string>("--run") { Description = "The run to remove.", Required = true });
        var noRunners = new Option<bool>("--no-runners") { Description = "Do not talk to GitHub (a run provisioned with --no-runners)." };
        var command = new Command("teardown", "Remove a run: its runners, its pairs and its plan. Safe twice and after a partial provision.") { run, noRunners, json };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var planner = services.GetRequiredService<RunPlanner>();
            var runId = parse.GetRequiredValue(run);
            RunTeardownReport report = null!;
            if (parse.GetValue(noRunners))
            {
                report = await planner.TeardownAsync(runId, null, ct);
            }
            else
            {
                var code = await RunnersCommand.WithGitHubAsync(parse, services, async gh =>
                {
                    report = await planner.TeardownAsync(runId, gh.GetRequiredService<IRunnerRegistry>(), ct);
                    return ExitCodes.Ok;
                });
                if (code != ExitCodes.Ok)
                {
                    return code;
                }
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(new
                {
                    run = report.RunId,
                    runnersRemoved = report.RunnersRemoved,
                    pairsDeleted = report.PairsDeleted,
                    runnerFoldersRemoved = report.RunnerFoldersRemoved,
                    planRemoved = report.PlanRemoved,
                    failures = report.Failures,
                }));
            }
            else
            {
                await output.WriteLineAsync(
                    $"run {report.RunId}: {report.RunnersRemoved.Count} runner(s) removed, {report.PairsDeleted.Count} pair(s) deleted, {(report.RunnerFoldersRemoved.Count > 0 ? $"{report.RunnerFoldersRemoved.Count} runner folder(s) removed here, " : string.Empty)}plan {(report.PlanRemoved ? "removed" : "kept")}, {report.Failures.Count} failure(s).");
                foreach (var failure in report.Failures)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {failure}");
                }
            }

            return report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));
        return command;
    }

    private static Command Run(ToolApp app)
    {
        var (matrix, run, owner, ttl, tools, json) = Common();
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long one job's command may run, such as 30m (default 1h).", CustomParser = r => Durations.Parse(r) };
        var words = new Argument<string[]>("command") { Description = "The command each job runs on its pair's client (after --), with NETPERF_PEER_SSH_CONFIG, NETPERF_PEER_HOST, NETPERF_PAIR_ID, NETPERF_JOB_ID and NETPERF_RUN_ID set.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run a job matrix without GitHub: a pair per job through the pool, the command on each pair's client (netperf-peer reachable), reassigned when a pair fails; everything removed at the end.")
        {
            matrix, run, owner, ttl, tools, timeout, json, words,
        };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var request = await RequestAsync(parse, services, matrix, run, owner, ttl, tools, ct);
            var error = parse.InvocationConfiguration.Error;
            var text = string.Join(' ', parse.GetRequiredValue(words).Select(ShellQuoting.Posix));
            var results = await Plan(() => services.GetRequiredService<RunPlanner>().RunAsync(
                request, text, parse.GetValue(timeout) ?? TimeSpan.FromHours(1), (job, line) =>
                {
                    lock (error)
                    {
                        error.WriteLine($"[{job}] {line}");
                    }
                }, ct));
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(results.Select(r => new
                {
                    job = r.JobId,
                    pair = r.PairId,
                    image = r.Image,
                    environment = r.Environment,
                    reassigned = r.Reassigned,
                    exitCode = r.ExitCode,
                    error = r.Error,
                })));
            }
            else
            {
                foreach (var r in results)
                {
                    await output.WriteLineAsync($"{r.JobId,-45} pair {r.PairId ?? "-"}{(r.Reassigned ? " (reassigned)" : string.Empty)}  exit {r.ExitCode}{(r.Error is null ? string.Empty : "  " + r.Error)}");
                }
            }

            return results.All(r => r.ExitCode == 0 && r.Error is null) ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));
        return command;
    }

    private static (Option<FileInfo> Matrix, Option<string?> Run, Option<string?> Owner, Option<TimeSpan?> Ttl, Option<string[]> Tools, Option<bool> Json) Common() =>
    (
        new Option<FileInfo>("--matrix") { Description = "The job matrix (JSON; see 'matrix expand').", Required = true },
        CommonOptions.NotBlank(new Option<string?>("--run") { Description = "The run id (default: GITHUB_REPOSITORY/GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT, else cli-<time>); refused when in use." }),
        CommonOptions.NotBlank(new Option<string?>("--owner") { Description = "The netperf-owner tag (default: Netperf:Pool:Owner)." }),
        new Option<TimeSpan?>("--ttl") { Description = "How long the pairs live before the janitor may delete them, such as 2h (default: Netperf:Pool:PairTimeToLive).", CustomParser = r => Durations.Parse(r) },
        CommonOptions.NotBlank(new Option<string[]>("--tool") { Description = "A tool that must answer on both machines (repeatable), such as iperf3.", AllowMultipleArgumentsPerToken = false }),
        CommonOptions.Json()
    );

    private static async Task<RunRequest> RequestAsync(
        ParseResult parse, IServiceProvider services, Option<FileInfo> matrix, Option<string?> run, Option<string?> owner, Option<TimeSpan?> ttl, Option<string[]> tools, CancellationToken ct)
    {
        var pool = services.GetRequiredService<IOptions<PairPoolOptions>>().Value;
        var expansion = await MatrixFiles.ExpandAsync(parse.GetRequiredValue(matrix), ct);

        return new RunRequest
        {
            Matrix = expansion,
            RunId = parse.GetValue(run) ?? PairsCommand.DefaultRunId(services.GetRequiredService<TimeProvider>()),
            Owner = parse.GetValue(owner) ?? pool.Owner,
            TimeToLive = parse.GetValue(ttl) ?? pool.PairTimeToLive,
            Requirements = new BootstrapRequirements { Tools = parse.GetValue(tools) ?? [] },
        };
    }

    private static async Task<T> Plan<T>(Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (RunPlanException ex)
        {
            throw new UsageException(string.Join(" ", ex.Problems.Count > 0 ? ex.Problems : [ex.Message]), ex);
        }
    }
}
