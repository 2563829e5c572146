using System.ComponentModel;
using System.IO.Compression;
using Netperf.Perf;
using Netperf.Perf.Streams;

namespace Netperf.Samples.PerfTests.Compression;

/// <summary>
/// A <see cref="PerfStressTest{TOptions}"/>: one call compresses one buffer. Each instance owns its
/// input (a <see cref="RandomStream"/>, so large sizes cost one chunk of memory) and a counting sink.
/// </summary>
[Description("Gzip-compresses --size random bytes per operation (PerfStressTest sample).")]
public sealed class GzipCompressTest(CompressOptions options) : PerfStressTest<CompressOptions>(options)
{
    private readonly RandomStream _input = new(options.Size, seed: 42);
    private readonly WriteStream _output = new();

    public override void Run(CancellationToken cancellationToken)
    {
        _input.Reset();
        using var gzip = new GZipStream(_output, Options.Level, leaveOpen: true);
        _input.CopyTo(gzip);
    }

    public override async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        _input.Reset();
        var gzip = new GZipStream(_output, Options.Level, leaveOpen: true);
        await using (gzip)
        {
            await _input.CopyToAsync(gzip, cancellationToken);
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _input.DisposeAsync();
        await _output.DisposeAsync();
        await base.DisposeAsyncCore();
    }
}
