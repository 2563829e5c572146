using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Export.Internal;

/// <summary>
/// Wraps the run's reporter: after the result it prints latency percentiles, the crank job-statistics
/// block (<c>--job-statistics</c>) and writes the <c>--export</c> files (Markdown also to
/// <c>$GITHUB_STEP_SUMMARY</c> when that variable is set).
/// </summary>
internal sealed class ScaleReporter(IPerfReporter inner, PerfOptions options, TextWriter output, TextWriter error, TimeProvider clock) : IPerfReporter
{
    public static readonly string[] Formats = ["json", "md", "csv", "html"];

    public static IReadOnlyList<string> ParseFormats(string? value)
    {
        var formats = (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.ToLowerInvariant()).Distinct().ToList();
        var unknown = formats.Where(f => !Formats.Contains(f)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--export: unknown format(s) {string.Join(", ", unknown)}; choose from {string.Join(",", Formats)}.");
        }

        return formats;
    }

    public void RunStarting(string test, PerfOptions runOptions) => inner.RunStarting(test, runOptions);

    public void StageStarting(RunStage stage) => inner.StageStarting(stage);

    public void Status(RunStage stage, PerfSample sample) => inner.Status(stage, sample);

    public void StageCompleted(PerfStageOutcome outcome)
    {
        inner.StageCompleted(outcome);
        if (outcome.Measurement?.Latency is { } latency)
        {
            foreach (var line in LatencyText.Lines(latency))
            {
                output.WriteLine(line);
            }
        }
    }

    public void RunCompleted(PerfRunResult result)
    {
        inner.RunCompleted(result);
        if (result.Iterations.Count > 1 && LatencyText.OfRun(result) is { } latency)
        {
            output.WriteLine("Latency over all iterations:");
            foreach (var line in LatencyText.Lines(latency))
            {
                output.WriteLine(line);
            }
        }

        if (options.JobStatistics)
        {
            output.WriteLine(JobStatistics.Format(result, clock.GetUtcNow()));
        }

        try
        {
            Export(result);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Writing the --export files failed: {ex.Message}. Check that the folder is writable.");
        }

        output.Flush();
    }

    private void Export(PerfRunResult result)
    {
        var formats = ParseFormats(options.Export);
        var markdown = MarkdownExporter.Format(result);
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary && formats.Contains("md"))
        {
            File.AppendAllText(summary, markdown + Environment.NewLine);
        }

        var stem = options.ResultsFile is { Length: > 0 } file
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", Path.GetFileNameWithoutExtension(file))
            : Path.GetFullPath($"netperf-{result.Test}");
        foreach (var format in formats)
        {
            var path = $"{stem}.{format}";
            if (format == "json" && options.ResultsFile is { Length: > 0 } rf && Path.GetFullPath(rf) == Path.GetFullPath(path))
            {
                continue;
            }

            var text = format switch
            {
                "json" => PerfResultsFile.Serialize(result),
                "md" => markdown,
                "csv" => CsvExporter.Format(result),
                _ => HtmlExporter.Format(result),
            };
            File.WriteAllText(path, text);
            output.WriteLine($"Exported {format} to {path}");
        }
    }
}
