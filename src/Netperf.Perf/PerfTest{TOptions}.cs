namespace Netperf.Perf;

/// <summary>A perf test with its own options class, parsed from the command line.</summary>
/// <typeparam name="TOptions">The test's options: <see cref="PerfOptions"/> or a class derived from it.</typeparam>
public abstract class PerfTest<TOptions> : PerfTest
    where TOptions : PerfOptions
{
    private protected PerfTest(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The parsed and validated options of this run.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    public sealed override PerfOptions BaseOptions => Options;
}
