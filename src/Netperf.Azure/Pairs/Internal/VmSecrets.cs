using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>
/// A pair's generated admin credential, held in memory only: an RSA SSH key (Linux) or a random
/// password (Windows). <see cref="ToString"/> never shows it; it never goes to a tag, log or result.
/// </summary>
internal sealed class VmSecrets : IDisposable
{
    private VmSecrets(RSA? key, string? publicKey, string? password)
    {
        Key = key;
        PublicKey = publicKey;
        Password = password;
    }

    /// <summary>The private key (Linux), kept for the lifetime of the pair.</summary>
    public RSA? Key { get; }

    /// <summary>The OpenSSH public key line (not secret).</summary>
    public string? PublicKey { get; }

    /// <summary>The admin password (Windows).</summary>
    public string? Password { get; }

    public static VmSecrets ForLinux()
    {
        // 2048 bits: the minimum Azure accepts; the key only guards a temporary VM with no internet inbound, and
        // generating eight 3072-bit keys at once costs seconds of CPU on a small orchestrator.
        var key = RSA.Create(2048);
        return new VmSecrets(key, OpenSshPublicKey(key), null);
    }

    public static VmSecrets ForWindows() => new(null, null, GeneratePassword());

    public void Dispose() => Key?.Dispose();

    public override string ToString() => "VmSecrets(***)";

    /// <summary>24 characters with upper, lower, digit and symbol (Azure's complexity rule).</summary>
    internal static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!#%+-=_~";
        const string all = upper + lower + digits + symbols;
        var chars = new char[24];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static string OpenSshPublicKey(RSA key)
    {
        var parameters = key.ExportParameters(false);
        using var buffer = new MemoryStream();
        WriteString(buffer, Encoding.ASCII.GetBytes("ssh-rsa"));
        WriteMpint(buffer, parameters.Exponent!);
        WriteMpint(buffer, parameters.Modulus!);
        return "ssh-rsa " + Convert.ToBase64String(buffer.ToArray()) + " netperf";
    }

    private static void WriteMpint(Stream stream, byte[] value)
    {
        var bytes = value.AsSpan().TrimStart((byte)0).ToArray();
        WriteString(stream, (bytes.Length > 0 && (bytes[0] & 0x80) != 0) ? [0, .. bytes] : bytes);
    }

    private static void WriteString(Stream stream, byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        stream.Write(length);
        stream.Write(value);
    }
}
