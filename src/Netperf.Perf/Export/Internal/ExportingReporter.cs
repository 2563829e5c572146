using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Export.Internal;

/// <summary>
/// Wraps the run's reporter and, when the run completes, exports the result: the <c>--export</c> files through the
/// chosen <see cref="IPerfExporter"/> plug-ins, and the dotnet/crank job-statistics block on the console
/// (<c>--job-statistics</c>).
/// </summary>
internal sealed class ExportingReporter(
    IPerfReporter inner,
    PerfOptions options,
    IReadOnlyList<IPerfExporter> exporters,
    TextWriter output,
    TextWriter error,
    TimeProvider clock) : IPerfReporter
{
    public void RunStarting(string test, PerfOptions runOptions) => inner.RunStarting(test, runOptions);

    public void StageStarting(RunStage stage) => inner.StageStarting(stage);

    public void Status(RunStage stage, PerfSample sample) => inner.Status(stage, sample);

    public void StageCompleted(PerfStageOutcome outcome) => inner.StageCompleted(outcome);

    public void RunCompleted(PerfRunResult result)
    {
        inner.RunCompleted(result);
        if (options.JobStatistics)
        {
            output.WriteLine(JobStatistics.Format(result, clock.GetUtcNow()));
        }

        var context = PerfExportContext.For(result.Test, options.ResultsFile);
        foreach (var exporter in exporters)
        {
            try
            {
                foreach (var path in exporter.Export(result, context))
                {
                    output.WriteLine($"Exported {exporter.Name} to {path}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"Writing the --export {exporter.Name} file failed: {ex.Message}. Check that the folder is writable.");
            }
        }

        output.Flush();
    }
}
