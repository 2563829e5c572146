using System.Text.Json;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// Sums the children's k-th status samples of a stage into one status line once every child sent it,
/// so the parent prints one aggregated line per interval.
/// </summary>
internal sealed class SampleAggregator(int children, IPerfReporter reporter)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<PerfSample>[]> _byStage = [];

    public void Add(int child, string stage, string json)
    {
        var sample = JsonSerializer.Deserialize<PerfSample>(json, PerfResultsFile.SerializerOptions);
        if (sample is null)
        {
            return;
        }

        PerfSample? merged = null;
        RunStage runStage = default;
        lock (_gate)
        {
            if (!_byStage.TryGetValue(stage, out var lists))
            {
                lists = [.. Enumerable.Range(0, children).Select(_ => new List<PerfSample>())];
                _byStage[stage] = lists;
            }

            lists[child].Add(sample);
            var k = lists[child].Count - 1;
            if (lists.All(l => l.Count > k))
            {
                merged = new PerfSample
                {
                    ElapsedSeconds = lists.Max(l => l[k].ElapsedSeconds),
                    CompletedOperations = lists.Sum(l => l[k].CompletedOperations),
                    CurrentOpsPerSecond = lists.Sum(l => l[k].CurrentOpsPerSecond),
                    AverageOpsPerSecond = lists.Sum(l => l[k].AverageOpsPerSecond),
                };
                runStage = Parse(stage);
            }
        }

        if (merged is not null)
        {
            reporter.Status(runStage, merged);
        }
    }

    private static RunStage Parse(string stage) =>
        stage.StartsWith("Iteration-", StringComparison.Ordinal)
            ? RunStage.ForIteration(int.Parse(stage["Iteration-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            : new RunStage(Enum.Parse<PerfStage>(stage));
}
