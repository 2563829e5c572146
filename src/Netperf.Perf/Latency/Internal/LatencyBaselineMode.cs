using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Netperf.Perf.Hosting;

namespace Netperf.Perf.Latency.Internal;

/// <summary>
/// <c>latency-baseline [seconds]</c> (hidden, for eng/bench-scale.sh): the reference the <c>--latency</c>
/// loop is measured against — a plain loop that calls a no-op, reads the clock twice per call and counts
/// the difference into an array-backed log-linear histogram. Prints its operations per second.
/// </summary>
internal sealed class LatencyBaselineMode : IPerfProgramMode
{
    public string Name => "latency-baseline";

    public string Description => "Reference loop for the --latency benchmark (two clock reads per call into an array histogram).";

    public bool Hidden => true;

    public async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var seconds = arguments.Count > 0 ? double.Parse(arguments[0], CultureInfo.InvariantCulture) : 10;
        var result = await Task.Run(() => Loop(seconds, cancellationToken), cancellationToken).ConfigureAwait(false);
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"baseline: {result:N2} ops/s")).ConfigureAwait(false);
        return PerfExitCodes.Success;
    }

    private static double Loop(double seconds, CancellationToken cancellationToken)
    {
        var counts = new long[LatencyHistogram.CountsLength];
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(seconds * Stopwatch.Frequency);
        long completed = 0;
        long end;
        do
        {
            var t0 = Stopwatch.GetTimestamp();
            NoOp(cancellationToken);
            end = Stopwatch.GetTimestamp();
            counts[LatencyHistogram.IndexOf(end - t0)]++;
            completed++;
        }
        while (end < deadline);

        return completed / ((double)(end - start) / Stopwatch.Frequency);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoOp(CancellationToken cancellationToken) => GC.KeepAlive(cancellationToken);
}
