using System.ComponentModel;
using System.Runtime.CompilerServices;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Work;

/// <summary>
/// A CPU-bound operation of a known size: <c>--work</c> rounds of an integer mix (a dependency chain the
/// JIT cannot fold or vectorise), plus <c>--extra-work-percent</c> more, so an A/B run can be given a
/// regression of exactly that size (<c>compare --ab</c>, docs/benchmarks.md).
/// </summary>
[Description("CPU-bound mixing, --work rounds per operation (+ --extra-work-percent: an injected regression).")]
public sealed class CpuWorkTest(CpuWorkOptions options) : PerfStressTest<CpuWorkOptions>(options)
{
    private readonly int _rounds = checked((int)Math.Round(options.Work * (1 + (options.ExtraWorkPercent / 100))));
    private ulong _state = 0x9E3779B97F4A7C15;

    /// <summary>The mixed value, read so the work is never dead code.</summary>
    public ulong State => _state;

    public override void Run(CancellationToken cancellationToken) => _state = Mix(_state, _rounds);

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Run(cancellationToken);
        return ValueTask.CompletedTask;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static ulong Mix(ulong x, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            // splitmix64 step: each round depends on the one before.
            x += 0x9E3779B97F4A7C15;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
            x ^= x >> 31;
        }

        return x;
    }
}
