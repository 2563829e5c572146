using System.ComponentModel;
using System.IO.Hashing;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Hashing;

/// <summary>
/// CRC-64 of <c>--size</c> bytes with the current System.IO.Hashing; <c>LegacyCrc64Test</c> in
/// samples/LegacyVsNew is the same test on an old version, and <c>compare --legacy</c> runs the two side by side.
/// </summary>
[Description("CRC-64 of --size bytes per operation with the current System.IO.Hashing (see samples/LegacyVsNew).")]
public sealed class Crc64Test(Crc64Options options) : PerfStressTest<Crc64Options>(options)
{
    private readonly byte[] _data = new byte[options.Size];

    public override void Run(CancellationToken cancellationToken) => Crc64.HashToUInt64(_data);

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Run(cancellationToken);
        return ValueTask.CompletedTask;
    }
}
