using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Netperf.Benchmarks.NoOp;

/// <summary>
/// The reference: a plain C# loop per thread that calls an empty method and reads the clock once
/// per call, counting in a local. Ops/s = Σ over threads of count / (last clock read − common start),
/// the runner's formula and methodology: the start is taken once before the threads start.
/// </summary>
internal static class PlainLoop
{
    public static double Run(int threads, TimeSpan duration)
    {
        var results = new double[threads];
        var workers = new Thread[threads];
        var start = Stopwatch.GetTimestamp();
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() => results[index] = Loop(start, duration)) { IsBackground = true };
        }

        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        return results.Sum();
    }

    private static double Loop(long start, TimeSpan duration)
    {
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long count = 0;
        long now;
        do
        {
            Operation();
            now = Stopwatch.GetTimestamp();
            count++;
        }
        while (now < end);

        return count / ((double)(now - start) / Stopwatch.Frequency);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Operation()
    {
    }
}
