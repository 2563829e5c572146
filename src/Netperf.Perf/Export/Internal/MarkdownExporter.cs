using System.Globalization;
using System.Text;
using Netperf.Perf.Latency;
using Netperf.Perf.Results;

namespace Netperf.Perf.Export.Internal;

/// <summary>A Markdown summary fit for a GitHub job summary (<c>--export md</c>; also appended to <c>$GITHUB_STEP_SUMMARY</c> when that is set).</summary>
internal sealed class MarkdownExporter : IPerfExporter
{
    public string Name => "md";

    public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context)
    {
        var markdown = Format(result);
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            File.AppendAllText(summary, markdown + Environment.NewLine);
        }

        var path = context.PathFor("md");
        File.WriteAllText(path, markdown);
        return [path];
    }

    public static string Format(PerfRunResult result)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Netperf: {result.Test} — {result.Status}");
        md.AppendLine();
        md.AppendLine("| iteration | operations | ops/s | p50 | p99 | p99.9 | max |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var it in result.Iterations)
        {
            var l = it.Latency?.ServiceTime;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {it.Stage.Iteration} | {it.CompletedOperations:N0} | {it.OpsPerSecond:N2} | {F(l?.P50)} | {F(l?.P99)} | {F(l?.P999)} | {F(l?.Max)} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Mean: {result.OpsPerSecond:N2} ops/s** over {result.Iterations.Count} iteration(s), {result.CompletedOperations:N0} operations.");
        if (LatencyText.OfRun(result) is { } latency)
        {
            md.AppendLine();
            foreach (var line in LatencyText.Lines(latency))
            {
                md.AppendLine("- " + line);
            }
        }

        foreach (var error in result.Errors)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"> **{error.Stage} failed** with `{error.Type}`: {error.Message}");
        }

        return md.ToString();
    }

    private static string F(long? nanoseconds) => nanoseconds is { } v ? LatencyPercentiles.Format(v) : "–";
}
