using Netperf.Perf.Results;

namespace Netperf.Perf.Export;

/// <summary>
/// A result format that <c>--export NAME</c> writes after a run (model: BenchmarkDotNet's <c>IExporter</c>). The
/// built-in <c>json</c>, <c>md</c>, <c>csv</c> and <c>html</c> are <see cref="PerfExporters.BuiltIn"/>; a plug-in is a
/// public class with a parameterless constructor in an assembly given to <see cref="PerfProgram"/> (or an entry of
/// <see cref="Hosting.PerfProgramContext.Exporters"/>), and one with a built-in's name replaces it.
/// </summary>
public interface IPerfExporter
{
    /// <summary>The name <c>--export</c> selects it by (compared case-insensitively), such as <c>md</c>.</summary>
    string Name { get; }

    /// <summary>Writes the run's result, usually to <see cref="PerfExportContext.PathFor"/> of its own extension.</summary>
    /// <param name="result">The run's result.</param>
    /// <param name="context">Where the files go.</param>
    /// <returns>The files written (printed as <c>Exported NAME to PATH</c>).</returns>
    IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context);
}
