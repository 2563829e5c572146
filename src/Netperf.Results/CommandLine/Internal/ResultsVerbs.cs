using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Netperf.Results.Detection;
using Netperf.Results.Reporting.Internal;
using Netperf.Results.Series;

namespace Netperf.Results.CommandLine.Internal;

/// <summary>The verbs of <see cref="ResultsCommand"/>: parsing here, the work in <see cref="ResultHistory"/>, failures in <see cref="VerbRunner"/>.</summary>
internal static class ResultsVerbs
{
    public static Command Ingest()
    {
        var store = VerbOptions.Store();
        var paths = new Argument<string[]>("paths") { Description = "Results files (--results-file) or folders of them (*.json, recursively).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Add results files to the store: all or nothing, and the same file twice is one run.") { paths, store };
        command.SetAction((parse, ct) => VerbRunner.RunAsync(parse, store, null, async (history, output, error) =>
        {
            var summary = await history.IngestAsync(parse.GetValue(paths)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync(
                $"Ingested into {history.StoreLocation}: {summary.RunsAdded} run{S(summary.RunsAdded)} added, {summary.RunsAlreadyPresent} already there; " +
                $"{summary.PointsAdded} point{S(summary.PointsAdded)} added, {summary.SeriesAdded} new series.").ConfigureAwait(false);
            if (summary.RunsWithoutPoints > 0)
            {
                await output.WriteLineAsync($"{summary.RunsWithoutPoints} run{S(summary.RunsWithoutPoints)} failed or were cancelled: recorded without points.").ConfigureAwait(false);
            }

            foreach (var skipped in summary.Skipped)
            {
                await output.WriteLineAsync($"skipped (not a Netperf results file): {skipped}").ConfigureAwait(false);
            }

            return ResultsExitCodes.Success;
        }, ct));
        return command;
    }

    public static Command ImportCsv()
    {
        var store = VerbOptions.Store();
        var file = new Argument<string>("file") { Description = "A CSV file: series,timestamp,value,unit,commit[,label:NAME...]." };
        var command = new Command("import-csv", "Import a history from CSV: all or nothing; rows already in the store are left as they are.") { file, store };
        command.SetAction((parse, ct) => VerbRunner.RunAsync(parse, store, null, async (history, output, error) =>
        {
            var summary = await history.ImportCsvAsync(parse.GetValue(file)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync(
                $"Imported into {history.StoreLocation}: {summary.PointsAdded} point{S(summary.PointsAdded)} added, {summary.PointsAlreadyPresent} already there, {summary.SeriesAdded} new series.").ConfigureAwait(false);
            return ResultsExitCodes.Success;
        }, ct));
        return command;
    }

    public static Command ExportCsv()
    {
        var store = VerbOptions.Store();
        var series = VerbOptions.Series();
        var output = new Option<string?>("--output", "-o") { Description = "The CSV file to write (default: standard output)." };
        var command = new Command("export-csv", "Write the store's series as CSV (the import format, canonical form).") { store, series, output };
        command.SetAction((parse, ct) => VerbRunner.RunAsync(parse, store, null, async (history, stdout, error) =>
        {
            if (parse.GetValue(output) is { } path)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                var temporary = path + ".partial";
                int rows;
                try
                {
                    var writer = new StreamWriter(temporary);
                    await using (writer.ConfigureAwait(false))
                    {
                        rows = await history.ExportCsvAsync(writer, parse.GetValue(series), ct).ConfigureAwait(false);
                    }

                    File.Move(temporary, path, overwrite: true);
                }
                catch
                {
                    // A store that cannot be read, a cancelled export: leave no half-written file behind.
                    File.Delete(temporary);
                    throw;
                }

                await error.WriteLineAsync($"Exported {rows} row{S(rows)} to {path}.").ConfigureAwait(false);
            }
            else
            {
                await history.ExportCsvAsync(stdout, parse.GetValue(series), ct).ConfigureAwait(false);
            }

            return ResultsExitCodes.Success;
        }, ct));
        return command;
    }

    public static Command History()
    {
        var store = VerbOptions.Store();
        var series = VerbOptions.Series("Show the points of the one series whose key contains this text (a list when several match).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("history", "List the series, or print one series' points with their commit and machines.") { store, series, json };
        command.SetAction((parse, ct) => VerbRunner.RunAsync(parse, store, null, async (history, output, error) =>
        {
            var filter = parse.GetValue(series);
            var list = await history.ListSeriesAsync(filter, ct).ConfigureAwait(false);
            if (filter is not null && list.Count == 1)
            {
                var points = await history.ReadSeriesAsync(list[0].Key, ct).ConfigureAwait(false);
                await output.WriteLineAsync(parse.GetValue(json) ? PointsJson(points) : PointsText(list[0], points)).ConfigureAwait(false);
                return ResultsExitCodes.Success;
            }

            if (filter is not null && list.Count == 0)
            {
                await error.WriteLineAsync($"error: no series matches '{filter}'; run 'results history' for the list.").ConfigureAwait(false);
                return ResultsExitCodes.BadInput;
            }

            await output.WriteLineAsync(parse.GetValue(json) ? SeriesJson(list) : SeriesText(list, filter)).ConfigureAwait(false);
            return ResultsExitCodes.Success;
        }, ct));
        return command;
    }

    public static Command Check()
    {
        var store = VerbOptions.Store();
        var series = VerbOptions.Series();
        var across = VerbOptions.Across();
        var since = VerbOptions.Since();
        var detection = new DetectionOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON: one entry per series (key, verdict none|suspected|confirmed|recovered, when, before, after, effect, ...)." };
        var markdown = new Option<string?>("--markdown") { Description = "Also append the Markdown summary to this file (for example \"$GITHUB_STEP_SUMMARY\")." };
        var command = new Command("check", "Find changes in every series within its bucket; exit 3 on a confirmed regression.") { store, series, across, since, json, markdown };
        detection.AddTo(command);
        command.SetAction((parse, ct) => VerbRunner.RunAsync(parse, store, detection.Apply(parse), async (history, output, error) =>
        {
            var report = await history.CheckAsync(new CheckRequest { SeriesFilter = parse.GetValue(series), Across = parse.GetValue(across) ?? [], Since = VerbOptions.ParseSince(parse.GetValue(since)) }, ct).ConfigureAwait(false);
            await output.WriteAsync(parse.GetValue(json) ? report.ToJson() + Environment.NewLine : report.ToText()).ConfigureAwait(false);
            if (parse.GetValue(markdown) is { Length: > 0 } file)
            {
                await File.AppendAllTextAsync(file, report.ToMarkdown() + Environment.NewLine, ct).ConfigureAwait(false);
            }

            return report.HasConfirmedRegression ? ResultsExitCodes.Regression : ResultsExitCodes.Success;
        }, ct));
        return command;
    }

    public static Command Dashboard()
    {
        var store = VerbOptions.Store();
        var series = VerbOptions.Series();
        var across = VerbOptions.Across();
        var since = VerbOptions.Since();
        var detection = new DetectionOptions();
        var output = new Option<string>("--output", "-o") { Description = "The folder for index.html (self-contained) and summary.md.", Required = true };
        var title = new Option<string?>("--title") { Description = "The page's title (default: Netperf results)." };
        var command = new Command("dashboard", "Write the dashboard: one self-contained HTML page and a Markdown summary.") { output, store, series, across, since, title };
        detection.AddTo(command);
        command.SetAction((parse, ct) => VerbRunner.RunAsync(parse, store, detection.Apply(parse), async (history, stdout, error) =>
        {
            var written = await history.WriteDashboardAsync(
                parse.GetValue(output)!,
                new CheckRequest { SeriesFilter = parse.GetValue(series), Across = parse.GetValue(across) ?? [], Since = VerbOptions.ParseSince(parse.GetValue(since)) },
                parse.GetValue(title),
                ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Wrote {written.PagePath} and {written.SummaryPath}: {ReportText.Summary(written.Report)}").ConfigureAwait(false);
            return ResultsExitCodes.Success;
        }, ct));
        return command;
    }

    private static string S(int count) => count == 1 ? string.Empty : "s";

    private static string SeriesText(IReadOnlyList<SeriesSummary> list, string? filter)
    {
        if (list.Count == 0)
        {
            return "The store has no series yet; add results with 'results ingest' or 'results import-csv'.";
        }

        var lines = new List<string> { $"{"POINTS",7}  {"FIRST",-17}  {"LAST",-17}  {"UNIT",-6}  SERIES" };
        lines.AddRange(list.Select(s => $"{s.Points,7}  {ReportText.Time(s.First),-17}  {ReportText.Time(s.Last),-17}  {s.Unit,-6}  {s.Key.Canonical}"));
        if (filter is not null)
        {
            lines.Add($"{list.Count} series match '{filter}'; narrow --series to one to see its points.");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string PointsText(SeriesSummary series, IReadOnlyList<ResultPoint> points)
    {
        var lines = new List<string> { $"{series.Key.Canonical} ({series.Unit}, {(series.HigherIsBetter ? "higher" : "lower")} is better), {points.Count} points" };
        lines.Add($"{"TIME",-17}  {"VALUE",14}  {"COMMIT",-12}  {"MACHINE",-16}  {"PEER",-16}  RUN");
        lines.AddRange(points.Select(p => $"{ReportText.Time(p.Timestamp),-17}  {ReportText.Value(p.Value),14}  {ReportText.Commit(p.Commit),-12}  {p.Machine ?? "-",-16}  {p.Peer ?? "-",-16}  {(p.Run.Length == 0 ? "-" : p.Run)}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string SeriesJson(IReadOnlyList<SeriesSummary> list) => JsonSerializer.Serialize(
        list.Select(s => new { key = s.Key.Canonical, name = s.Key.Name, labels = s.Key.Labels, unit = s.Unit, points = s.Points, first = s.First, last = s.Last }),
        VerbOptions.Json);

    private static string PointsJson(IReadOnlyList<ResultPoint> points) => JsonSerializer.Serialize(
        points.Select(p => new
        {
            timestamp = p.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            value = p.Value,
            unit = p.Unit,
            commit = p.Commit,
            machine = p.Machine,
            peer = p.Peer,
            pair = p.Pair,
            run = p.Run,
        }),
        VerbOptions.Json);
}
