namespace Netperf.Perf.Latency;

public sealed partial class LatencyHistogram
{
    // Encoding v1 (documented in docs/running.md):
    //   byte   version (1)
    //   varint total count, varint min, varint max
    //   then a run-length stream over the 33,792 counters, each item a varint v:
    //     v even -> one counter equal to v / 2 (non-zero);  v odd -> (v - 1) / 2 consecutive zero counters.
    private const byte EncodingVersion = 1;

    /// <summary>
    /// Encodes the histogram compactly (run-length encoded varint counters; a few hundred bytes for a
    /// typical run). The result is what the results file stores, base64-encoded.
    /// </summary>
    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        stream.WriteByte(EncodingVersion);
        WriteVarint(stream, (ulong)_totalCount);
        WriteVarint(stream, (ulong)MinValue);
        WriteVarint(stream, (ulong)_max);
        var zeros = 0UL;
        foreach (var count in _counts)
        {
            if (count == 0)
            {
                zeros++;
                continue;
            }

            if (zeros > 0)
            {
                WriteVarint(stream, (zeros << 1) | 1);
                zeros = 0;
            }

            WriteVarint(stream, (ulong)count << 1);
        }

        return stream.ToArray();
    }

    /// <summary>Encodes the histogram as base64 text (see <see cref="Encode"/>).</summary>
    public string EncodeToBase64() => Convert.ToBase64String(Encode());

    /// <summary>Decodes a histogram written by <see cref="Encode"/>.</summary>
    /// <param name="encoded">The encoded bytes.</param>
    /// <exception cref="FormatException">The bytes are not a Netperf latency histogram.</exception>
    public static LatencyHistogram Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty || encoded[0] != EncodingVersion)
        {
            throw new FormatException("The data is not a Netperf latency histogram (version 1); re-run the test with a matching Netperf.Perf version.");
        }

        var position = 1;
        var histogram = new LatencyHistogram();
        var total = (long)ReadVarint(encoded, ref position);
        var min = (long)ReadVarint(encoded, ref position);
        var max = (long)ReadVarint(encoded, ref position);
        var index = 0;
        long sum = 0;
        while (position < encoded.Length)
        {
            var item = ReadVarint(encoded, ref position);
            if ((item & 1) == 1)
            {
                index += checked((int)(item >> 1));
                continue;
            }

            if (index >= CountsLength)
            {
                throw new FormatException("The latency histogram has more counters than Netperf supports; the data is corrupt.");
            }

            var count = (long)(item >> 1);
            histogram._counts[index++] = count;
            sum += count;
        }

        if (sum != total || index > CountsLength)
        {
            throw new FormatException("The latency histogram's counters do not add up to its total count; the data is corrupt.");
        }

        histogram._totalCount = total;
        histogram._min = total == 0 ? long.MaxValue : min;
        histogram._max = max;
        return histogram;
    }

    /// <summary>Decodes base64 text written by <see cref="EncodeToBase64"/>.</summary>
    /// <param name="base64">The base64 text.</param>
    public static LatencyHistogram DecodeFromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return Decode(Convert.FromBase64String(base64));
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var length = 0;
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[length++] = (byte)value;
        stream.Write(buffer[..length]);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new FormatException("The latency histogram ends in the middle of a number; the data is truncated.");
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("The latency histogram holds a number longer than 64 bits; the data is corrupt.");
    }
}
