using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Stacks;
using Microsoft.Diagnostics.Tracing.Stacks.Formats;

namespace Netperf.Perf.Diagnostics.Profiling;

/// <summary>Turns a CPU-sampling <c>.nettrace</c> into speedscope JSON (thread time per managed stack), as <c>dotnet-trace convert</c> does.</summary>
public static class SpeedscopeConverter
{
    /// <summary>Converts <paramref name="nettrace"/> to speedscope JSON at <paramref name="speedscope"/>.</summary>
    /// <param name="nettrace">The EventPipe trace.</param>
    /// <param name="speedscope">Where the JSON goes.</param>
    public static void Convert(string nettrace, string speedscope)
    {
        ArgumentException.ThrowIfNullOrEmpty(nettrace);
        ArgumentException.ThrowIfNullOrEmpty(speedscope);
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettrace, Path.ChangeExtension(nettrace, ".etlx"));
        try
        {
            using var symbols = new SymbolReader(TextWriter.Null) { SymbolPath = string.Empty };
            using var log = new TraceLog(etlx);
            var stacks = new MutableTraceEventStackSource(log) { OnlyManagedCodeStacks = true };
            new SampleProfilerThreadTimeComputer(log, symbols).GenerateThreadTimeStacks(stacks);
            SpeedScopeStackSourceWriter.WriteStackViewAsJson(stacks, speedscope);
        }
        finally
        {
            File.Delete(etlx);
        }
    }
}
