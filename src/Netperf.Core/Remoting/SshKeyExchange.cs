namespace Netperf.Core.Remoting;

/// <summary>
/// Key-exchange choices for OpenSSH connections (<c>KexAlgorithms</c>), for <see cref="OpenSshTarget.KeyExchangeAlgorithms"/>
/// and a pair's <c>netperf-peer</c> alias.
/// </summary>
public static partial class SshKeyExchange
{
    /// <summary>
    /// For connections that never leave one machine's kernel (loopback, veth between network namespaces of one host):
    /// a classical exchange instead of OpenSSH 9's default post-quantum hybrid (<c>sntrup761x25519-sha512</c>), and of
    /// the classical ones the cheapest first. The hybrid guards recorded traffic against a future quantum computer; on a
    /// link inside one kernel whoever could record the traffic already controls the machine, and the hybrid's key
    /// generation costs the client about 85 ms of CPU per connection (against about 10 ms), which dominated the CPU of
    /// making many pairs at once. NIST P-256 ECDH comes before curve25519 because OpenSSL computes it and OpenSSH computes
    /// curve25519 with its own portable code: a whole loopback connection (ssh and sshd) costs about 0.84x the CPU
    /// (<c>eng/bench-ssh-kex.sh</c>, docs/benchmarks.md). Connections over a real network keep OpenSSH's default.
    /// </summary>
    public const string HostLocal = "ecdh-sha2-nistp256,curve25519-sha256,curve25519-sha256@libssh.org";

    /// <summary>Whether <paramref name="value"/> is a list ssh accepts as <c>KexAlgorithms</c> and is safe in a config file or argument.</summary>
    /// <param name="value">The comma-separated list, optionally starting with <c>+</c>, <c>-</c> or <c>^</c>.</param>
    /// <returns><see langword="true"/> when it is well formed.</returns>
    public static bool IsWellFormed(string value) => !string.IsNullOrEmpty(value) && AlgorithmList().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[+^-]?[A-Za-z0-9@._-]+(,[A-Za-z0-9@._-]+)*\z")]
    private static partial System.Text.RegularExpressions.Regex AlgorithmList();
}
