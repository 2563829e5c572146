using System.Net;
using System.Net.Sockets;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>
/// The rule for <see cref="AzureNetworkOptions.PublicIpAllowedSource"/>, the one range admitted to SSH over a public IP:
/// a single address or a CIDR range with its host bits zero, no wider than <see cref="MinIPv4Prefix"/> (65,536 IPv4
/// addresses: an organisation's egress range, not a slice of the internet) or <see cref="MinIPv6Prefix"/> for IPv6.
/// Service tags (<c>*</c>, <c>Internet</c>, <c>Any</c>, ...) are not ranges and are refused, and so are IPv6 ranges
/// that stand for IPv4 space (IPv4-mapped, IPv4-compatible, NAT64, 6to4), which would re-open what the IPv4 rule shuts.
/// </summary>
internal static class AdminSourceRange
{
    /// <summary>The shortest IPv4 prefix admitted.</summary>
    public const int MinIPv4Prefix = 16;

    /// <summary>The shortest IPv6 prefix admitted.</summary>
    public const int MinIPv6Prefix = 48;

    private static readonly IPNetwork[] Ipv4InIpv6 =
    [
        IPNetwork.Parse("::ffff:0:0/96"),
        IPNetwork.Parse("::/96"),
        IPNetwork.Parse("64:ff9b::/96"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("2002::/16"),
    ];

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="problem"/> says why, phrased after the setting.</summary>
    /// <param name="value">The configured value.</param>
    /// <param name="range">The range, normalised (a single address gets /32 or /128).</param>
    /// <param name="problem">Why the value is refused.</param>
    /// <returns>Whether the value is admissible.</returns>
    public static bool TryParse(string? value, out IPNetwork range, out string problem)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "is required";
            return false;
        }

        var text = value.Trim();
        if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var single))
        {
            text += single.AddressFamily == AddressFamily.InterNetworkV6 ? "/128" : "/32";
        }

        // IPNetwork.TryParse clears host bits silently; '203.0.113.5/24' is refused as probably not what was meant.
        if (!IPNetwork.TryParse(text, out range) || !IPAddress.TryParse(text[..text.IndexOf('/', StringComparison.Ordinal)], out var given) || !given.Equals(range.BaseAddress))
        {
            problem = $"'{value}' is not an IP address or a CIDR range with its host bits zero (service tags such as '*' or 'Internet' are refused)";
            return false;
        }

        var v6 = range.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        var min = v6 ? MinIPv6Prefix : MinIPv4Prefix;
        if (range.PrefixLength < min)
        {
            problem = $"'{value}' is too wide: it admits {(v6 ? "an IPv6" : "an IPv4")} /{range.PrefixLength}; name your own egress range, /{min} or narrower";
            return false;
        }

        var candidate = range;
        if (v6 && Ipv4InIpv6.Any(special => Overlaps(special, candidate)))
        {
            problem = $"'{value}' is an IPv6 range that stands for IPv4 addresses; write the IPv4 range itself";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>Whether two ranges of one family share an address: they agree on the bits of the shorter prefix.</summary>
    private static bool Overlaps(IPNetwork a, IPNetwork b)
    {
        // Compared by hand: IPNetwork.Contains treats IPv4-mapped addresses as IPv4.
        var x = a.BaseAddress.GetAddressBytes();
        var y = b.BaseAddress.GetAddressBytes();
        if (x.Length != y.Length)
        {
            return false;
        }

        var bits = Math.Min(a.PrefixLength, b.PrefixLength);
        for (var i = 0; i < bits; i++)
        {
            var mask = 0x80 >> (i % 8);
            if ((x[i / 8] & mask) != (y[i / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
