using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network;

/// <summary>The <c>--peer HOST[:PORT]</c> of a network test: a host name or IP address, and an optional port.</summary>
public sealed record PeerAddress
{
    /// <summary>The host name or IP address (without brackets).</summary>
    public required string Host { get; init; }

    /// <summary>The port, or <see langword="null"/> to let the server choose one.</summary>
    public int? Port { get; init; }

    /// <summary>True when the host is a loopback address or <c>localhost</c>.</summary>
    public bool IsLoopback =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Parses <c>HOST</c>, <c>HOST:PORT</c>, <c>[IPv6]</c> or <c>[IPv6]:PORT</c>.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException">The text is not a host with an optional port; the message says what is expected.</exception>
    public static PeerAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']', StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException($"--peer '{value}' has '[' without ']'; write [::1] or [::1]:5201.");
            }

            host = text[1..end];
            var rest = text[(end + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? rest[1..] : throw new FormatException($"--peer '{value}': expected ':PORT' after ']'.");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                host = text[..colon];
                port = text[(colon + 1)..];
            }
            else
            {
                // No colon, or a bare IPv6 address.
                host = text;
            }
        }

        if (host.Length == 0)
        {
            throw new FormatException($"--peer '{value}' has no host; write HOST or HOST:PORT, such as 10.0.0.2:5201.");
        }

        int? parsedPort = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
            {
                throw new FormatException($"--peer '{value}': port '{port}' must be a number from 0 to 65535.");
            }

            parsedPort = p == 0 ? null : p;
        }

        return new PeerAddress { Host = host, Port = parsedPort };
    }

    /// <summary>Resolves the host (IPv4 preferred) and combines it with <paramref name="port"/>.</summary>
    /// <param name="port">The port the server listens on.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The endpoint to connect to.</returns>
    public async Task<IPEndPoint> ResolveAsync(int port, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(Host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"The peer '{Host}' has no address; check the --peer host name.");
        return new IPEndPoint(chosen, port);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return Port is null ? host : $"{host}:{Port.Value.ToString(CultureInfo.InvariantCulture)}";
    }
}
