using System.Text;
using Netperf.Core.Remoting;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>The PowerShell the client runs to prove a remoting session to <c>netperf-peer</c> (Linux and Windows clients alike).</summary>
internal static class PowerShellProof
{
    /// <summary>
    /// The script: checks the client's own PowerShell version, then runs one script block on <c>netperf-peer</c> that
    /// echoes the nonce, its PowerShell version and the tools that do not answer. A refused session ends it with exit 4
    /// and the remoting error on stderr. <paramref name="sessionOptions"/> is extra <c>Invoke-Command</c> text (Windows
    /// clients pass the alias's ssh options; Linux clients need none: their <c>ssh</c> reads the pair's ssh_config).
    /// </summary>
    public static string Script(string nonce, IReadOnlyList<string> tools, string sessionOptions = "")
    {
        var checks = new StringBuilder();
        foreach (var tool in tools)
        {
            var quoted = ShellQuoting.PowerShell(ShellQuoting.RequireSafe(tool, "tool"));
            checks.Append("    if (-not (Get-Command ").Append(quoted).Append(" -ErrorAction SilentlyContinue)) { 'missing=' + ").Append(quoted).Append(" }\n");
        }

        return "$ErrorActionPreference = 'Stop'\n"
            + "'client-powershell=' + $PSVersionTable.PSVersion\n"
            + "if ($PSVersionTable.PSVersion.Major -lt 7) { [Console]::Error.WriteLine(\"the client's pwsh is PowerShell $($PSVersionTable.PSVersion), not 7 or later\"); exit 3 }\n"
            + "try {\n"
            + "  Invoke-Command -HostName " + PeerBootstrapper.PeerAlias + sessionOptions + " -ErrorAction Stop -ScriptBlock {\n"
            + "    'netperf-ready=' + " + ShellQuoting.PowerShell(nonce) + "\n"
            + "    'peer-powershell=' + $PSVersionTable.PSVersion\n"
            + checks
            + "  }\n"
            + "} catch {\n"
            + "  [Console]::Error.WriteLine($_.Exception.Message)\n"
            + "  exit 4\n"
            + "}\n";
    }
}
