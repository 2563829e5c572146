using Netperf.Perf;
using Netperf.Perf.Streams;
using Netperf.Samples.Checksum;

namespace Netperf.Samples.VersionCompare;

/// <summary>Measures <see cref="ByteChecksum.Sum"/> of whichever package version this build references.</summary>
public sealed class ChecksumTest : PerfStressTest<ChecksumOptions>
{
    private readonly byte[] _data;

    /// <summary>Creates the test.</summary>
    public ChecksumTest(ChecksumOptions options)
        : base(options)
    {
        _data = RandomBytes.Get(options.Size, seed: 1);
    }

    /// <summary>Keeps the result alive so the JIT cannot drop the call.</summary>
    public static ulong Sink { get; private set; }

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken) => Sink = ByteChecksum.Sum(_data);

    /// <inheritdoc />
    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Sink = ByteChecksum.Sum(_data);
        return ValueTask.CompletedTask;
    }
}
