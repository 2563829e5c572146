using Netperf.Perf;
using Netperf.Perf.Streams;

namespace Consumer;

/// <summary>The options a team adds for its own test.</summary>
public sealed class ChecksumOptions : PerfOptions
{
    [PerfOption("--size", "-s", Description = "Bytes summed per operation.")]
    public int Size { get; set; } = 1024;
}

/// <summary>One operation sums a buffer; a stand-in for the code a team measures.</summary>
public sealed class ChecksumTest : PerfStressTest<ChecksumOptions>
{
    private readonly byte[] _buffer;

    public ChecksumTest(ChecksumOptions options)
        : base(options)
    {
        _buffer = RandomBytes.Get(options.Size);
    }

    public static long Sink { get; private set; }

    public override void Run(CancellationToken cancellationToken)
    {
        long sum = 0;
        foreach (var b in _buffer)
        {
            sum += b;
        }

        Sink = sum;
    }

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        Run(cancellationToken);
        return ValueTask.CompletedTask;
    }
}
