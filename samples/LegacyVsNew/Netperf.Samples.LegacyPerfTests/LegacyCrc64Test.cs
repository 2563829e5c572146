using System.ComponentModel;
using System.IO.Hashing;
using Netperf.Perf;

namespace Netperf.Samples.LegacyPerfTests;

/// <summary>CRC-64 of <c>--size</c> bytes with the old System.IO.Hashing (8.0.0): the legacy counterpart of <c>Crc64Test</c>.</summary>
[Description("CRC-64 of --size bytes per operation with System.IO.Hashing 8.0.0 (legacy counterpart of Crc64Test).")]
public sealed class LegacyCrc64Test(Crc64Options options) : PerfStressTest<Crc64Options>(options)
{
    private readonly byte[] _data = new byte[options.Size];

    public override void Run(CancellationToken cancellationToken) => Crc64.HashToUInt64(_data);

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Run(cancellationToken);
        return ValueTask.CompletedTask;
    }
}
