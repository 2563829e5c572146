using Netperf.Perf.Results;

namespace Netperf.Perf.Export.Internal;

/// <summary><c>--export json</c>: the results file contract (<see cref="PerfResultsFile"/>), unless it is the <c>--results-file</c> itself.</summary>
internal sealed class JsonExporter : IPerfExporter
{
    public string Name => "json";

    public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context)
    {
        var path = context.PathFor("json");
        if (context.ResultsFile is { } resultsFile && string.Equals(Path.GetFullPath(resultsFile), Path.GetFullPath(path), StringComparison.Ordinal))
        {
            // The run writes this very file as its --results-file.
            return [];
        }

        File.WriteAllText(path, PerfResultsFile.Serialize(result));
        return [path];
    }
}
