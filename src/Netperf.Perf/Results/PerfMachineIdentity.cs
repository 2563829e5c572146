using Netperf.Perf.Results.Internal;

namespace Netperf.Perf.Results;

/// <summary>Which machine a run used: enough to tell two machines of the same size apart when their results differ.</summary>
public sealed record PerfMachineIdentity
{
    /// <summary>The host name (empty when unknown).</summary>
    public required string HostName { get; init; }

    /// <summary>The operating system with its version (for example <c>Debian GNU/Linux 12 (bookworm)</c>).</summary>
    public string? OperatingSystem { get; init; }

    /// <summary>The kernel release and build (Linux: <c>/proc/sys/kernel/osrelease</c> and <c>version</c>; Windows: the OS build).</summary>
    public string? Kernel { get; init; }

    /// <summary>The processor model (Linux: <c>model name</c> of <c>/proc/cpuinfo</c>).</summary>
    public string? CpuModel { get; init; }

    /// <summary>The network interface of the default route (Linux: from <c>/proc/net/route</c>).</summary>
    public string? NetworkInterface { get; init; }

    /// <summary>That interface's driver where readable (Linux: <c>/sys/class/net/IF/device/driver</c>; null for virtual interfaces).</summary>
    public string? NicDriver { get; init; }

    /// <summary>Reads this machine's identity; a field that cannot be read is null, never an exception.</summary>
    /// <returns>The identity.</returns>
    public static PerfMachineIdentity Current() => MachineIdentityReader.Read("/");
}
