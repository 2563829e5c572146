using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Deployment.Internal;

/// <summary>
/// The two commands a deployment sends, for a POSIX shell (Linux) or PowerShell (Windows): a probe that prints
/// the machine's Netperf state folder, whether this content is already deployed there, and what the machine
/// sees at the local folder's path; and the extraction of a copied archive into place, safe against a
/// concurrent deployment of the same content to the same machine.
/// </summary>
internal static class DeploymentScripts
{
    public const string RootPrefix = "netperf-root=";

    public const string DeployedMarker = "netperf-deployed";

    public const string CompleteFile = ".netperf-app-complete";

    public static string Probe(OsFamily os, string localFolder, string contentId) => os == OsFamily.Windows
        ? NetperfPaths.PowerShellEnsureFunction + $"$root = {NetperfPaths.PowerShellExpression}; np_dir $root 'apps'; " +
          $"'{RootPrefix}' + $root; " +
          $"if (Test-Path -LiteralPath (Join-Path $root 'apps\\{contentId}\\{CompleteFile}')) {{ '{DeployedMarker}' }}; " +
          $"$d = {ShellQuoting.PowerShell(localFolder)}; " +
          "if (Test-Path -LiteralPath $d -PathType Container) { Get-ChildItem -LiteralPath $d -Recurse -File | ForEach-Object { " +
          "'./' + [IO.Path]::GetRelativePath($d, $_.FullName).Replace('\\', '/') + '|' + $_.Length + '|' + [DateTimeOffset]::new($_.LastWriteTimeUtc).ToUnixTimeSeconds() } }"
        : NetperfPaths.PosixEnsureFunction + $"root={NetperfPaths.PosixShellExpression}; np_dir \"$root\" apps || exit 1; " +
          $"echo \"{RootPrefix}$root\"; " +
          $"[ -f \"$root/apps/{contentId}/{CompleteFile}\" ] && echo {DeployedMarker}; " +
          $"cd {ShellQuoting.Posix(localFolder)} 2>/dev/null && find . -type f -exec stat -c '%n|%s|%Y' {{}} + ; exit 0";

    public static string Extract(OsFamily os, string target, string archive) => os == OsFamily.Windows
        ? "$ErrorActionPreference = 'Stop'; " +
          $"$d = {ShellQuoting.PowerShell(target)}; $t = \"$d.partial.$PID\"; $a = {ShellQuoting.PowerShell(archive)}; " +
          "Remove-Item -Recurse -Force -LiteralPath $t -ErrorAction SilentlyContinue; New-Item -ItemType Directory -Force -Path $t | Out-Null; " +
          "tar -xzf $a -C $t; if ($LASTEXITCODE -ne 0) { throw \"tar exited with $LASTEXITCODE\" }; Remove-Item -Force -LiteralPath $a; " +
          $"New-Item -ItemType File -Force -Path (Join-Path $t '{CompleteFile}') | Out-Null; " +
          "if (Test-Path -LiteralPath $d) { Remove-Item -Recurse -Force -LiteralPath $t } else { Move-Item -LiteralPath $t -Destination $d }"
        : $"set -e; d={ShellQuoting.Posix(target)}; t=\"$d.partial.$$\"; a={ShellQuoting.Posix(archive)}; " +
          "rm -rf \"$t\"; mkdir -p \"$t\"; tar -xzf \"$a\" -C \"$t\"; rm -f \"$a\"; " +
          $"touch \"$t/{CompleteFile}\"; mv -T \"$t\" \"$d\" 2>/dev/null || rm -rf \"$t\"; [ -f \"$d/{CompleteFile}\" ]";

    public static string Join(OsFamily os, string folder, string name) =>
        os == OsFamily.Windows ? folder.TrimEnd('\\', '/') + "\\" + name : folder.TrimEnd('/') + "/" + name;
}
