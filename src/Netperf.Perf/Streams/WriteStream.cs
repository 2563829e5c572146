namespace Netperf.Perf.Streams;

/// <summary>A write-only sink that discards what it is given and counts the bytes (for download tests).</summary>
public sealed class WriteStream : Stream
{
    private long _written;

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => Volatile.Read(ref _written);

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <summary>The number of bytes written.</summary>
    public override long Length => BytesWritten;

    /// <summary>The number of bytes written; setting it is not supported.</summary>
    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException("WriteStream is not seekable.");
    }

    /// <summary>Sets <see cref="BytesWritten"/> back to 0.</summary>
    public void Reset() => Volatile.Write(ref _written, 0);

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("WriteStream is write-only.");

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("WriteStream is not seekable.");

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("WriteStream is not seekable.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        _written += count;
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer) => _written += buffer.Length;

    /// <inheritdoc />
    public override void WriteByte(byte value) => _written++;

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        _written += buffer.Length;
        return ValueTask.CompletedTask;
    }
}
