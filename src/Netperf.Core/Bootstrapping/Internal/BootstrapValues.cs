using System.Text.RegularExpressions;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>
/// The shapes of values the bootstrap scripts accept from a machine's answers; the quoting itself is the public
/// <see cref="Remoting.ShellQuoting"/>.
/// </summary>
internal static partial class BootstrapValues
{
    /// <summary>An OpenSSH public key line: type, base64 key, optional comment without quotes.</summary>
    [GeneratedRegex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [A-Za-z0-9@._:+-]*)?$")]
    public static partial Regex PublicKeyLine();

    /// <summary>A host name or address.</summary>
    [GeneratedRegex("^[A-Za-z0-9.:_-]{1,253}$")]
    public static partial Regex HostName();
}
