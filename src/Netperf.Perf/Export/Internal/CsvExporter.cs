using System.Globalization;
using System.Text;
using Netperf.Perf.Results;

namespace Netperf.Perf.Export.Internal;

/// <summary>Per-interval samples as CSV: one row per stage, process (-1 = all) and sample.</summary>
internal sealed class CsvExporter : IPerfExporter
{
    public string Name => "csv";

    public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context)
    {
        var path = context.PathFor("csv");
        File.WriteAllText(path, Format(result));
        return [path];
    }

    public static string Format(PerfRunResult result)
    {
        var csv = new StringBuilder("stage,process,elapsedSeconds,completedOperations,currentOpsPerSecond,averageOpsPerSecond\n");
        var measurements = result.Warmup is null ? result.Iterations : [result.Warmup, .. result.Iterations];
        foreach (var m in measurements)
        {
            var stage = m.Stage.ToString().Replace(' ', '-');
            foreach (var s in m.Samples)
            {
                Row(csv, stage, -1, s);
            }

            foreach (var series in m.ProcessSamples ?? [])
            {
                foreach (var s in series.Samples)
                {
                    Row(csv, stage, series.ProcessIndex, s);
                }
            }
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string stage, int process, PerfSample s) =>
        csv.Append(CultureInfo.InvariantCulture, $"{stage},{process},{s.ElapsedSeconds:0.###},{s.CompletedOperations},{s.CurrentOpsPerSecond:0.##},{s.AverageOpsPerSecond:0.##}\n");
}
