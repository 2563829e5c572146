using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.GitHub;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.Runs;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary><c>janitor [--dry-run]</c>: delete expired and orphaned pairs; never anything without Netperf's ownership tags.</summary>
internal static class JanitorCommand
{
    public static Command Create(ToolApp app)
    {
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan; delete nothing." };
        var command = new Command("janitor", "Delete expired pairs and pairs whose run has ended (configure with Netperf:Janitor).") { dryRun, json };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var janitor = services.GetRequiredService<PairJanitor>();
            var report = await janitor.SweepAsync(parse.GetValue(dryRun), ct);
            var plans = await SweepPlansAsync(services, parse.GetValue(dryRun), ct);
            var folders = await SweepRunnerFoldersAsync(services, parse.GetValue(dryRun), ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(PairJson.Report(report, plans, folders)));
                return report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
            }

            foreach (var plan in plans)
            {
                await output.WriteLineAsync($"  {(report.DryRun ? "would remove" : "removed")} the plan of run {plan} (expired, no pair left)");
            }

            foreach (var folder in folders)
            {
                await output.WriteLineAsync($"  {(report.DryRun ? "would remove" : "removed")} the runner folder {folder} (its pair is gone)");
            }

            await output.WriteLineAsync(report.DryRun ? "Plan (dry run, nothing deleted):" : "Janitor:");
            foreach (var d in report.Plan.Decisions)
            {
                var done = report.DryRun || d.Action == JanitorAction.Keep
                    ? string.Empty
                    : report.Deleted.Contains($"{d.Record.Environment}/{d.Record.Id}") ? "  [deleted]" : "  [FAILED]";
                await output.WriteLineAsync($"  {(d.Action == JanitorAction.Delete ? "delete" : "keep  ")}  {d.Record.Environment}/{d.Record.Id}  {d.Reason}: {d.Detail}{done}");
            }

            foreach (var (env, error) in report.Plan.ListFailures)
            {
                await output.WriteLineAsync($"  could not list {env}: {error}");
            }

            await output.WriteLineAsync(report.DryRun
                ? $"{report.Plan.ToDelete.Count} to delete, {report.Plan.Decisions.Count - report.Plan.ToDelete.Count} to keep."
                : $"{report.Deleted.Count} deleted, {report.Failed.Count} failed, {report.Plan.Decisions.Count - report.Plan.ToDelete.Count} kept.");
            return report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));
        return command;
    }

    /// <summary>
    /// Runner folders on this machine whose pair is gone (a <c>local</c> pair's client is this machine, so a killed
    /// orchestrator leaves its runners' folders here): under <c>Netperf:Runners:LinuxInstallRoot</c>.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SweepRunnerFoldersAsync(IServiceProvider services, bool dryRun, CancellationToken ct)
    {
        var root = services.GetRequiredService<IConfiguration>().GetSection(RunnerInstallOptions.SectionName)[nameof(RunnerInstallOptions.LinuxInstallRoot)]
            ?? new RunnerInstallOptions().LinuxInstallRoot;
        return await services.GetRequiredService<RunPlanner>().SweepRunnerFoldersAsync(root, dryRun, ct);
    }

    /// <summary>
    /// Plans of runs that expired and whose pairs are all gone (a provision or run whose orchestrator was killed, a
    /// teardown that never came): their files go. A run whose pairs still exist keeps its plan for its teardown.
    /// </summary>
    private static async Task<List<string>> SweepPlansAsync(IServiceProvider services, bool dryRun, CancellationToken ct)
    {
        var store = services.GetRequiredService<RunPlanStore>();
        var catalog = services.GetRequiredService<VmPairProviderCatalog>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var removed = new List<string>();
        foreach (var plan in (await store.ListAsync(ct)).Where(p => p.ExpiresAt < now))
        {
            var left = false;
            foreach (var environment in plan.Environments)
            {
                if (!catalog.TryGet(environment, out var provider)
                    || (await provider.ListPairsAsync(ct)).Any(r => r.Tags.GetValueOrDefault(OwnershipTags.Run) == plan.RunId))
                {
                    left = true;
                    break;
                }
            }

            if (!left && (dryRun || store.Delete(plan.RunId)))
            {
                removed.Add(plan.RunId);
            }
        }

        return removed;
    }
}
