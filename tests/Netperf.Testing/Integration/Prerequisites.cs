using System.Runtime.InteropServices;

namespace Netperf.Testing.Integration;

/// <summary>
/// Checks what an integration test needs. A test may skip only where a prerequisite cannot exist;
/// CI sets <c>NETPERF_REQUIRE_INTEGRATION=1</c>, which turns every such skip into a failure.
/// </summary>
public static class Prerequisites
{
    /// <summary>The variable that turns skips into failures.</summary>
    public const string RequireVariable = "NETPERF_REQUIRE_INTEGRATION";

    /// <summary>True when CI demands that every integration test runs.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// Why an integration test that needs <paramref name="prerequisites"/> is skipped here; <see langword="null"/> when
    /// they are all present or <c>NETPERF_REQUIRE_INTEGRATION=1</c> (then the test runs and fails on what is missing).
    /// </summary>
    public static string? SkipReason(params Prerequisite[] prerequisites) =>
        Missing(prerequisites) is { } missing && !Required
            ? $"Integration test skipped ({missing}); CI sets {RequireVariable}=1 and installs them."
            : null;

    /// <summary>Returns why the prerequisites are missing, or <see langword="null"/> when all are present.</summary>
    public static string? Missing(params Prerequisite[] prerequisites)
    {
        var missing = prerequisites.Where(p => !IsPresent(p)).Select(Describe).ToList();
        return missing.Count == 0 ? null : "missing: " + string.Join(", ", missing);
    }

    /// <summary>Throws a clear failure when a prerequisite is missing (used when skipping is not allowed).</summary>
    public static void Ensure(params Prerequisite[] prerequisites)
    {
        var missing = Missing(prerequisites);
        if (missing is not null)
        {
            throw new InvalidOperationException(
                $"Integration prerequisites {missing}. Install them (see .ci/run) or unset {RequireVariable} to skip.");
        }
    }

    /// <summary>True when the prerequisite is present on this machine.</summary>
    public static bool IsPresent(Prerequisite prerequisite) => prerequisite switch
    {
        Prerequisite.Linux => OperatingSystem.IsLinux(),
        Prerequisite.Root => OperatingSystem.IsLinux() && geteuid() == 0,
        Prerequisite.OpenSsh => FindExecutable("sshd") is not null && FindExecutable("ssh") is not null && FindExecutable("ssh-keygen") is not null,
        Prerequisite.IpRoute => FindExecutable("ip") is not null,
        Prerequisite.Iperf3 => FindExecutable("iperf3") is not null,
        Prerequisite.Wrk => FindExecutable("wrk") is not null,
        Prerequisite.Chromium => FindExecutable("chromium") is not null,
        Prerequisite.Pwsh => FindPwsh() is not null,
        Prerequisite.PostgreSql => Databases.PostgresServer.IsInstalled,
        Prerequisite.NodeJs => FindExecutable("node") is not null && FindExecutable("npm") is not null,
        Prerequisite.Sudo => FindExecutable("sudo") is not null,
        Prerequisite.LossInjection => FindExecutable("nft") is not null || (FindExecutable("tc") is not null && Directory.Exists("/sys/module/sch_netem")),
        Prerequisite.BusyBox => FindExecutable("busybox") is not null,
        _ => false,
    };

    /// <summary>PowerShell 7 (<c>pwsh</c>): on PATH, else where <c>dotnet tool install --global PowerShell</c> puts it.</summary>
    /// <returns>Its absolute path, or <see langword="null"/>.</returns>
    public static string? FindPwsh()
    {
        if (FindExecutable("pwsh") is { } onPath)
        {
            return onPath;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var tool = Path.Combine(home, ".dotnet", "tools", "pwsh");
        return home.Length > 0 && File.Exists(tool) ? tool : null;
    }

    /// <summary>Finds an executable on PATH or in the sbin folders (where Debian puts sshd).</summary>
    public static string? FindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var folders = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Describe(Prerequisite prerequisite) => prerequisite switch
    {
        Prerequisite.Linux => "Linux",
        Prerequisite.Root => "root",
        Prerequisite.OpenSsh => "openssh-server/openssh-client",
        Prerequisite.IpRoute => "iproute2",
        Prerequisite.Iperf3 => "iperf3",
        Prerequisite.Wrk => "wrk",
        Prerequisite.Chromium => "chromium",
        Prerequisite.Pwsh => "PowerShell 7 (pwsh)",
        Prerequisite.PostgreSql => "postgresql (PostgreSQL 15 server)",
        Prerequisite.LossInjection => "nftables (nft) or the kernel's sch_netem",
        Prerequisite.NodeJs => "node and npm (Debian's nodejs and npm)",
        Prerequisite.Sudo => "sudo",
        Prerequisite.BusyBox => "busybox",
        _ => prerequisite.ToString(),
    };

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
