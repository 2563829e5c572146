using Netperf.Perf.Export;
using Netperf.Perf.Results;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>An exporter defined outside Netperf.Perf (<c>--export summary</c>): proves exporters are plug-ins found in the test assemblies.</summary>
public sealed class SummaryLineExporter : IPerfExporter
{
    public string Name => "summary";

    public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context)
    {
        var path = context.PathFor("summary.txt");
        File.WriteAllText(path, $"{result.Test} {result.Status} {result.CompletedOperations}");
        return [path];
    }
}
