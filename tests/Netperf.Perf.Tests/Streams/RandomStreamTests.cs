using Netperf.Perf.Streams;

namespace Netperf.Perf.Tests.Streams;

public sealed class RandomStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(3 * 1024 * 1024 + 7)]
    public void Read_ToTheEnd_ServesExactlyLengthBytes(long length)
    {
        using var stream = new RandomStream(length);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }

        Assert.Equal(length, total);
        Assert.Equal(length, stream.Position);
        Assert.Equal(length, stream.Length);
    }

    [Fact]
    public async Task ReadAsync_ToTheEnd_ServesExactlyLengthBytes()
    {
        await using var stream = new RandomStream(5_000_000, chunkSize: 4096);
        await using var sink = new WriteStream();

        await stream.CopyToAsync(sink);

        Assert.Equal(5_000_000, sink.BytesWritten);
    }

    [Fact]
    public void Reset_AfterReading_ServesTheSameBytesAgain()
    {
        using var stream = new RandomStream(10_000, chunkSize: 3000);
        var first = new byte[10_000];
        var second = new byte[10_000];
        stream.ReadExactly(first);

        stream.Reset();
        stream.ReadExactly(second);

        Assert.Equal(first, second);
        Assert.Equal(0, stream.Read(new byte[1], 0, 1));
    }

    [Fact]
    public void Read_BeyondChunk_RepeatsTheChunk()
    {
        using var stream = new RandomStream(10, chunkSize: 4);
        var bytes = new byte[10];

        stream.ReadExactly(bytes);

        Assert.Equal(bytes[..4], bytes[4..8]);
        Assert.Equal(bytes[..2], bytes[8..10]);
        Assert.Contains(bytes, b => b != 0);
    }

    [Fact]
    public void Seek_FromEachOrigin_MovesThePosition()
    {
        using var stream = new RandomStream(100);

        Assert.Equal(10, stream.Seek(10, SeekOrigin.Begin));
        Assert.Equal(15, stream.Seek(5, SeekOrigin.Current));
        Assert.Equal(90, stream.Seek(-10, SeekOrigin.End));
        Assert.Throws<IOException>(() => stream.Seek(-1, SeekOrigin.Begin));
        Assert.True(stream.CanSeek);
        Assert.False(stream.CanWrite);
    }

    [Fact]
    public void Read_OneGigabyte_AllocatesOnlyOneChunk()
    {
        var buffer = new byte[1024 * 1024];
        var before = GC.GetAllocatedBytesForCurrentThread();

        using var stream = new RandomStream(1L << 30);
        while (stream.Read(buffer) > 0)
        {
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(RandomStream.DefaultChunkSize, stream.ChunkSize);
        Assert.True(allocated < 2L * RandomStream.DefaultChunkSize, $"serving 1 GiB allocated {allocated:N0} bytes");
    }

    [Fact]
    public void WriteStream_Writes_CountsAndDiscards()
    {
        using var sink = new WriteStream();

        sink.Write(new byte[100], 0, 100);
        sink.Write(new byte[28]);
        sink.WriteByte(1);

        Assert.Equal(129, sink.BytesWritten);
        Assert.False(sink.CanRead);
        sink.Reset();
        Assert.Equal(0, sink.BytesWritten);
    }

    [Fact]
    public void RandomBytes_Get_ReturnsRequestedLengthAndSeedIsReproducible()
    {
        Assert.Equal(4096, RandomBytes.Get(4096).Length);
        Assert.Equal(RandomBytes.Get(64, seed: 7), RandomBytes.Get(64, seed: 7));
        Assert.NotEqual(RandomBytes.Get(64, seed: 7), RandomBytes.Get(64, seed: 8));
    }
}
