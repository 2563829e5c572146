using BenchmarkDotNet.Attributes;
using Netperf.Perf.Streams;

namespace Netperf.Benchmarks.Micro;

/// <summary>Serving 16 MiB from a <see cref="RandomStream"/> (1 MiB chunk) into a <see cref="WriteStream"/>.</summary>
[MemoryDiagnoser]
public class RandomStreamBenchmarks
{
    private readonly RandomStream _stream = new(16 * 1024 * 1024);
    private readonly WriteStream _sink = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    [Benchmark]
    public long ReadAll()
    {
        _stream.Reset();
        int read;
        while ((read = _stream.Read(_buffer)) > 0)
        {
            _sink.Write(_buffer.AsSpan(0, read));
        }

        return _sink.BytesWritten;
    }

    [Benchmark]
    public async Task<long> CopyToAsync()
    {
        _stream.Reset();
        await _stream.CopyToAsync(_sink);
        return _sink.BytesWritten;
    }
}
