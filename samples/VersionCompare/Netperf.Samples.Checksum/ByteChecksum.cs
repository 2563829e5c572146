using System.Numerics;

namespace Netperf.Samples.Checksum;

/// <summary>Sums bytes; version 1 loops byte by byte, version 2 adds whole vectors at a time.</summary>
public static class ByteChecksum
{
    /// <summary>The implementation compiled into this build ("1.x byte loop" or "2.x vectorised").</summary>
    public static string Implementation =>
#if CHECKSUM_V1
        "1.x byte loop";
#else
        "2.x vectorised";
#endif

    /// <summary>Returns the sum of all bytes.</summary>
    /// <param name="data">The bytes to sum.</param>
    /// <returns>The sum.</returns>
    public static ulong Sum(ReadOnlySpan<byte> data)
    {
#if CHECKSUM_V1
        ulong sum = 0;
        foreach (var b in data)
        {
            sum += b;
        }

        return sum;
#else
        ulong sum = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var acc = Vector<ulong>.Zero;
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(data[i..]), out var lo16, out var hi16);
                Vector.Widen(lo16 + hi16, out var lo32, out var hi32);
                Vector.Widen(lo32 + hi32, out var lo64, out var hi64);
                acc += lo64 + hi64;
            }

            sum = Vector.Sum(acc);
        }

        for (; i < data.Length; i++)
        {
            sum += data[i];
        }

        return sum;
#endif
    }
}
