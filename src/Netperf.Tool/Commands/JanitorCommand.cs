using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Janitor;
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
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(PairJson.Report(report)));
                return report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
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
}
