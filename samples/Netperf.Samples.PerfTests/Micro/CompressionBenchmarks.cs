using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Netperf.Perf.Streams;

namespace Netperf.Samples.PerfTests.Micro;

/// <summary>
/// A BenchmarkDotNet micro-benchmark kept beside the perf tests: <c>dotnet run -c Release -- micro --filter '*'</c>.
/// </summary>
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private readonly byte[] _input = RandomBytes.Get(16 * 1024, seed: 1);

    [Params(CompressionLevel.Fastest, CompressionLevel.Optimal)]
    public CompressionLevel Level { get; set; }

    [Benchmark]
    public long Gzip()
    {
        using var sink = new WriteStream();
        using (var gzip = new GZipStream(sink, Level, leaveOpen: true))
        {
            gzip.Write(_input);
        }

        return sink.BytesWritten;
    }
}
