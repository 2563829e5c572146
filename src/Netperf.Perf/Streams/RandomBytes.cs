namespace Netperf.Perf.Streams;

/// <summary>Random bytes for payloads.</summary>
public static class RandomBytes
{
    /// <summary>Returns <paramref name="count"/> random bytes (a new array each call).</summary>
    /// <param name="count">How many bytes.</param>
    /// <param name="seed">A seed for reproducible content; <see langword="null"/> for a random one.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Get(int count, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var bytes = new byte[count];
        Fill(bytes, seed);
        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="seed">A seed for reproducible content; <see langword="null"/> for a random one.</param>
    public static void Fill(Span<byte> buffer, int? seed = null)
    {
        // Payload filler, not secrets: a fast non-cryptographic generator is the point.
#pragma warning disable CA5394
        var random = seed is { } s ? new Random(s) : Random.Shared;
        random.NextBytes(buffer);
#pragma warning restore CA5394
    }
}
