namespace Netperf.Perf.Streams;

/// <summary>
/// A read-only, seekable stream of <see cref="Stream.Length"/> random bytes that holds only one chunk
/// of random data in memory and serves it cyclically, so an upload test can send gigabytes without
/// allocating them. <see cref="Reset"/> (or setting <see cref="Position"/>) rewinds it for the next operation.
/// </summary>
public sealed class RandomStream : Stream
{
    /// <summary>The default chunk size: 1 MiB (or the length, when smaller).</summary>
    public const int DefaultChunkSize = 1024 * 1024;

    private readonly byte[] _chunk;
    private readonly long _length;
    private long _position;

    /// <summary>Creates a stream of <paramref name="length"/> random bytes.</summary>
    /// <param name="length">How many bytes the stream serves.</param>
    /// <param name="chunkSize">How many random bytes are held in memory (at most <paramref name="length"/>).</param>
    /// <param name="seed">A seed for reproducible content; <see langword="null"/> for random content.</param>
    public RandomStream(long length, int chunkSize = DefaultChunkSize, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _length = length;
        _chunk = RandomBytes.Get((int)Math.Max(1, Math.Min(chunkSize, length)), seed);
    }

    /// <summary>How many bytes the stream holds in memory.</summary>
    public int ChunkSize => _chunk.Length;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>Rewinds the stream to its start.</summary>
    public void Reset() => _position = 0;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var remaining = _length - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var total = (int)Math.Min(buffer.Length, remaining);
        var written = 0;
        while (written < total)
        {
            var offset = (int)(_position % _chunk.Length);
            var count = Math.Min(total - written, _chunk.Length - offset);
            _chunk.AsSpan(offset, count).CopyTo(buffer[written..]);
            written += count;
            _position += count;
        }

        return total;
    }

    /// <inheritdoc />
    public override int ReadByte()
    {
        if (_position >= _length)
        {
            return -1;
        }

        return _chunk[(int)(_position++ % _chunk.Length)];
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<int>(cancellationToken)
            : Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<int>(cancellationToken)
            : ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException($"Cannot seek to {target}: before the start of the stream.");
        }

        _position = target;
        return _position;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("RandomStream has a fixed length.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("RandomStream is read-only.");
}
