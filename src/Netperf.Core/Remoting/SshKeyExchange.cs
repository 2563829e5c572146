namespace Netperf.Core.Remoting;

/// <summary>
/// Key-exchange choices for OpenSSH connections (<c>KexAlgorithms</c>), for <see cref="OpenSshTarget.KeyExchangeAlgorithms"/>
/// and a pair's <c>netperf-peer</c> alias.
/// </summary>
public static partial class SshKeyExchange
{
    /// <summary>
    /// For connections that never leave one machine's kernel (loopback, veth between network namespaces of one host):
    /// the classical curve25519 exchange first, instead of OpenSSH 9's default post-quantum hybrid
    /// (<c>sntrup761x25519-sha512</c>). The hybrid guards recorded traffic against a future quantum computer; on a link
    /// inside one kernel whoever could record the traffic already controls the machine, and the hybrid's key generation
    /// costs the client about 85 ms of CPU per connection (against about 10 ms), which dominates the CPU of making many
    /// pairs at once (docs/benchmarks.md). Connections over a real network keep OpenSSH's default.
    /// </summary>
    public const string HostLocal = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256";

    /// <summary>Whether <paramref name="value"/> is a list ssh accepts as <c>KexAlgorithms</c> and is safe in a config file or argument.</summary>
    /// <param name="value">The comma-separated list, optionally starting with <c>+</c>, <c>-</c> or <c>^</c>.</param>
    /// <returns><see langword="true"/> when it is well formed.</returns>
    public static bool IsWellFormed(string value) => !string.IsNullOrEmpty(value) && AlgorithmList().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[+^-]?[A-Za-z0-9@._-]+(,[A-Za-z0-9@._-]+)*\z")]
    private static partial System.Text.RegularExpressions.Regex AlgorithmList();
}
