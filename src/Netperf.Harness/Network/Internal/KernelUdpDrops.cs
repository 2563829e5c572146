using System.Globalization;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// The kernel's count of UDP datagrams it dropped before a socket read them: <c>RcvbufErrors</c> of <c>/proc/net/snmp</c>
/// (Udp) and <c>/proc/net/snmp6</c> (Udp6), which are per network namespace, plus the per-CPU backlog drops of
/// <c>/proc/net/softnet_stat</c> (machine-wide; veth and loopback traffic queue there). Read before and after a UDP run,
/// the difference separates what the kernel dropped under load from what the test itself lost. <see langword="null"/>
/// where the files do not exist (not Linux).
/// </summary>
internal static class KernelUdpDrops
{
    public static long? Read()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/net/snmp"))
        {
            return null;
        }

        try
        {
            return SnmpField(File.ReadAllLines("/proc/net/snmp"), "Udp:", "RcvbufErrors")
                + (File.Exists("/proc/net/snmp6") ? Snmp6Field(File.ReadAllLines("/proc/net/snmp6"), "Udp6RcvbufErrors") : 0)
                + (File.Exists("/proc/net/softnet_stat") ? SoftnetDropped(File.ReadAllLines("/proc/net/softnet_stat")) : 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>A field of a <c>/proc/net/snmp</c> table: a header line of names and a line of values, both prefixed.</summary>
    public static long SnmpField(IReadOnlyList<string> lines, string prefix, string name)
    {
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (!lines[i].StartsWith(prefix, StringComparison.Ordinal) || !lines[i + 1].StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var index = Array.IndexOf(names, name);
            return index > 0 && index < values.Length ? long.Parse(values[index], CultureInfo.InvariantCulture) : 0;
        }

        return 0;
    }

    /// <summary>A <c>name value</c> line of <c>/proc/net/snmp6</c>.</summary>
    public static long Snmp6Field(IReadOnlyList<string> lines, string name) =>
        lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2 && p[0] == name)
            .Select(p => long.Parse(p[1], CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>The sum of the second (hex) column of <c>/proc/net/softnet_stat</c>: packets dropped because a CPU's backlog was full.</summary>
    public static long SoftnetDropped(IReadOnlyList<string> lines) =>
        lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 2)
            .Sum(p => long.Parse(p[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
