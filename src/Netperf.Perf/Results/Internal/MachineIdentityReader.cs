using System.Globalization;
using System.Runtime.InteropServices;

namespace Netperf.Perf.Results.Internal;

/// <summary>
/// Reads a machine's identity from the Linux <c>/proc</c> and <c>/sys</c> trees under a root folder (<c>/</c>
/// for this machine; a fake tree in tests), and from the runtime elsewhere. Never throws: an unreadable
/// field is null.
/// </summary>
internal static class MachineIdentityReader
{
    public static PerfMachineIdentity Read(string root)
    {
        var linux = OperatingSystem.IsLinux();
        var nic = linux ? DefaultRouteInterface(root) : null;
        return new PerfMachineIdentity
        {
            HostName = Environment.MachineName,
            OperatingSystem = RuntimeInformation.OSDescription,
            Kernel = linux ? LinuxKernel(root) : Environment.OSVersion.VersionString,
            CpuModel = linux ? LinuxCpuModel(root) : WindowsCpuModel(),
            NetworkInterface = nic,
            NicDriver = nic is null ? null : NicDriver(root, nic),
        };
    }

    internal static string? LinuxKernel(string root)
    {
        var release = ReadFirstLine(Path.Combine(root, "proc/sys/kernel/osrelease"));
        var version = ReadFirstLine(Path.Combine(root, "proc/sys/kernel/version"));
        return release is null ? null : version is null ? release : release + " " + version;
    }

    internal static string? LinuxCpuModel(string root)
    {
        foreach (var line in ReadLines(Path.Combine(root, "proc/cpuinfo")))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() is "model name" or "Model" or "cpu model")
            {
                return line[(colon + 1)..].Trim() is { Length: > 0 } model ? model : null;
            }
        }

        return null;
    }

    /// <summary>The interface of the default route with the lowest metric (<c>/proc/net/route</c>: Iface, Destination, ..., Metric).</summary>
    internal static string? DefaultRouteInterface(string root)
    {
        string? best = null;
        var bestMetric = long.MaxValue;
        foreach (var line in ReadLines(Path.Combine(root, "proc/net/route")).Skip(1))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 6 && fields[1] == "00000000"
                && long.TryParse(fields[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var metric) && metric < bestMetric)
            {
                best = fields[0];
                bestMetric = metric;
            }
        }

        return best;
    }

    internal static string? NicDriver(string root, string nic)
    {
        try
        {
            var driver = new DirectoryInfo(Path.Combine(root, "sys/class/net", nic, "device/driver"));
            return driver.LinkTarget is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string? WindowsCpuModel()
    {
        if (!OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return (Microsoft.Win32.Registry.GetValue(@"HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\CentralProcessor\0", "ProcessorNameString", null) as string)?.Trim();
        }
        catch (Exception ex) when (ex is System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadFirstLine(string path) => ReadLines(path).FirstOrDefault()?.Trim() is { Length: > 0 } line ? line : null;

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
