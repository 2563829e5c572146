using System.Text;
using Netperf.Core.Remoting;

namespace Netperf.Core.GitHub.Internal;

/// <summary>
/// Renders the PowerShell install step for a Windows runner: <c>config.cmd --unattended --ephemeral
/// --runasservice</c>. The registration token is read from the script's input (<c>$input</c>: standard input
/// under <c>pwsh -EncodedCommand</c>, the pipeline under Run Command and PowerShell Direct) and reaches
/// <c>config.cmd</c> as <c>ACTIONS_RUNNER_INPUT_TOKEN</c>, removed right after: it is never in the script
/// text nor on a command line.
/// </summary>
internal static class WindowsRunnerScript
{
    public static string Render(RunnerScriptRequest r)
    {
        var s = new StringBuilder();
        s.AppendLine("$ErrorActionPreference = 'Stop'");
        s.AppendLine("$secret = ([string](@($input) | Select-Object -First 1)).Trim()");
        s.Append("$dir = ").AppendLine(Q(r.InstallDirectory));
        s.AppendLine("New-Item -ItemType Directory -Force -Path $dir | Out-Null");
        s.AppendLine("if (-not (Test-Path (Join-Path $dir 'config.cmd'))) {");
        if (r.PackageUrl is not null)
        {
            s.AppendLine("  $pkg = \"$dir.pkg.zip\"");
            s.Append("  Invoke-WebRequest -UseBasicParsing -Uri ").Append(Q(r.PackageUrl.ToString())).AppendLine(" -OutFile $pkg");
        }
        else
        {
            s.Append("  $pkg = ").AppendLine(Q(r.PackagePath!));
        }

        if (r.PackageSha256 is not null)
        {
            s.Append("  if ((Get-FileHash -Algorithm SHA256 -Path $pkg).Hash -ne ").Append(Q(r.PackageSha256.ToUpperInvariant()))
                .AppendLine(") { throw \"Runner package checksum mismatch: $pkg\" }");
        }

        s.AppendLine("  Expand-Archive -Path $pkg -DestinationPath $dir -Force");
        if (r.PackageUrl is not null)
        {
            s.AppendLine("  Remove-Item -Force $pkg");
        }

        s.AppendLine("}");
        s.AppendLine("Set-Location $dir");
        s.Append("$env:").Append(LinuxRunnerScript.TokenVariable).AppendLine(" = $secret");
        s.AppendLine("Remove-Variable secret");
        s.Append("try { & .\\config.cmd --unattended --url ").Append(Q(r.RegistrationUrl.ToString().TrimEnd('/')))
            .Append(" --name ").Append(Q(r.Name))
            .Append(" --labels ").Append(Q(string.Join(',', r.Labels)))
            .Append(" --work _work --ephemeral --disableupdate --replace --runasservice }")
            .Append(" finally { Remove-Item Env:").Append(LinuxRunnerScript.TokenVariable).AppendLine(" -ErrorAction SilentlyContinue }");
        s.AppendLine("if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }");
        s.Append("Write-Output ('NETPERF_RUNNER_STARTED=' + ").Append(Q(r.Name)).AppendLine(")");
        return s.ToString();
    }

    /// <summary>Quotes for PowerShell (<see cref="ShellQuoting.PowerShell"/>), under a short name for the dense script above.</summary>
    public static string Q(string value) => ShellQuoting.PowerShell(value);
}
