using System.Text;

namespace Netperf.Core.Remoting.Internal;

/// <summary>Builds PowerShell invocations that carry a script without any quoting: <c>-EncodedCommand</c> (UTF-16LE, base64).</summary>
internal static class PowerShellCommand
{
    /// <summary>The marker line a PowerShell command writes to standard error first, so a stop can find its process.</summary>
    public const string PidMarker = "netperf-pid:";

    public static string Encode(string script) => Convert.ToBase64String(Encoding.Unicode.GetBytes(script));

    /// <summary>The arguments after the executable: no profile, no prompts, the script encoded.</summary>
    public static IReadOnlyList<string> Arguments(string script) =>
        ["-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand", Encode(script)];

    /// <summary>Wraps a script so it reports its process id and stops on the first error.</summary>
    public static string WithPidMarker(string script) =>
        "$ErrorActionPreference = 'Stop'\n[Console]::Error.WriteLine('" + PidMarker + "' + $PID)\n" + script;

    /// <summary>
    /// A script that kills a process and its children on Windows or Linux. On Linux the process is stopped first: killed
    /// children would otherwise let it run on for a moment (and print what comes after them) before its own kill.
    /// </summary>
    public static string KillTree(int pid) =>
        $"if ($IsWindows -or $env:OS -eq 'Windows_NT') {{ & taskkill.exe /T /F /PID {pid} 2>&1 | Out-Null }} else {{ & kill -STOP {pid}; & pkill -KILL -P {pid}; & kill -KILL {pid} }}";
}
