using System.Globalization;
using System.Text;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>
/// Bootstrap scripts for Windows (PowerShell; the Windows OpenSSH client and server). Built and unit-tested
/// here; they run only on Windows machines, which this repository's CI does not have.
/// </summary>
internal sealed class PowerShellBootstrapScripts : IBootstrapScripts
{
    public static readonly PowerShellBootstrapScripts Instance = new();

    public static string ClientFolder(string pairId) =>
        "$r = " + NetperfPaths.PowerShellExpression + "\n$d = Join-Path $r " + ClientSubfolder(pairId) + "\n";

    public string PrepareClientKey(string pairId) =>
        NetperfPaths.PowerShellEnsureFunction + ClientFolder(pairId)
        + "np_dir $r " + ClientSubfolder(pairId) + "\n"
        + "& icacls.exe $d /inheritance:r /grant:r \"$($env:USERNAME):(OI)(CI)F\" | Out-Null\n"
        + "$k = Join-Path $d 'id_ed25519'\n"
        + "if (-not (Test-Path $k) -or -not (Test-Path \"$k.pub\")) {\n"
        + "  Remove-Item -Force -ErrorAction SilentlyContinue $k, \"$k.pub\"\n"
        + "  & ssh-keygen.exe -q -t ed25519 -N '\"\"' -C " + ShellQuoting.PowerShell("netperf-pair-" + pairId) + " -f $k | Out-Null\n"
        + "  if ($LASTEXITCODE -ne 0) { throw 'ssh-keygen failed' }\n}\n"
        + "& icacls.exe $k /inheritance:r /grant:r \"$($env:USERNAME):F\" | Out-Null\n"
        + "\"folder=$d\"\n\"pub=\" + (Get-Content -Raw \"$k.pub\").Trim()\n";

    internal static string ClientSubfolder(string pairId) =>
        ShellQuoting.PowerShell("pairs\\" + ShellQuoting.RequireSafe(pairId, "pair id") + "\\client");

    public string InstallKey(string publicKey) =>
        "$admin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)\n"
        + "$f = if ($env:NETPERF_AUTHORIZED_KEYS) { $env:NETPERF_AUTHORIZED_KEYS } elseif ($admin) { Join-Path $env:ProgramData 'ssh\\administrators_authorized_keys' } else { Join-Path $env:USERPROFILE '.ssh\\authorized_keys' }\n"
        + "New-Item -ItemType Directory -Force -Path (Split-Path $f) | Out-Null\n"
        + "if (-not (Test-Path $f)) { New-Item -ItemType File -Path $f | Out-Null }\n"
        + "$key = " + ShellQuoting.PowerShell(publicKey) + "\n"
        + "if (-not ((Get-Content $f) -contains $key)) { Add-Content -Path $f -Value $key -Encoding ascii }\n"
        + "if ($admin -and -not $env:NETPERF_AUTHORIZED_KEYS) { & icacls.exe $f /inheritance:r /grant 'Administrators:F' /grant 'SYSTEM:F' | Out-Null }\n"
        + "\"user=$env:USERNAME\"\n";

    public string ListHostKeys() =>
        "$keys = if ($env:NETPERF_HOST_KEYS) { Get-ChildItem $env:NETPERF_HOST_KEYS } else { Get-ChildItem (Join-Path $env:ProgramData 'ssh\\ssh_host_*_key.pub') }\n"
        + "foreach ($k in $keys) { 'hostkey=' + (Get-Content -Raw $k.FullName).Trim() }\n";

    public string WriteKnownHosts(string pairId, IReadOnlyList<string> lines) =>
        ClientFolder(pairId)
        + "Set-Content -Encoding ascii -Path (Join-Path $d 'known_hosts') -Value @(" + string.Join(", ", lines.Select(ShellQuoting.PowerShell)) + ")\n";

    public string WriteAlias(string pairId, PeerEndpoint endpoint, string user, bool editHostsFile, string? keyExchange = null)
    {
        var text = new StringBuilder(ClientFolder(pairId));
        text.Append("$config = @(\n")
            .Append("  'Host ").Append(PeerBootstrapper.PeerAlias).Append("',\n")
            .Append("  '  HostName ").Append(endpoint.Host).Append("',\n")
            .Append("  '  Port ").Append(endpoint.Port.ToString(CultureInfo.InvariantCulture)).Append("',\n")
            .Append("  '  User ").Append(ShellQuoting.RequireSafe(user, "peer user")).Append("',\n")
            .Append("  ('  IdentityFile \"' + (Join-Path $d 'id_ed25519') + '\"'),\n  '  IdentitiesOnly yes',\n")
            .Append("  ('  UserKnownHostsFile \"' + (Join-Path $d 'known_hosts') + '\"'),\n  '  StrictHostKeyChecking yes',\n")
            .Append("  '  BatchMode yes',\n  '  PasswordAuthentication no',\n  '  ConnectTimeout 10',\n  '  LogLevel ERROR'")
            .Append(keyExchange is null ? string.Empty : ",\n  '  KexAlgorithms " + PosixBootstrapScripts.KeyExchange(keyExchange) + "'")
            .Append(")\n")
            .Append("Set-Content -Encoding ascii -Path (Join-Path $d 'ssh_config') -Value $config\n");
        if (editHostsFile)
        {
            var marker = "# netperf-pair-" + pairId;
            text.Append("$hosts = Join-Path $env:SystemRoot 'System32\\drivers\\etc\\hosts'\n")
                .Append("$kept = @(Get-Content $hosts | Where-Object { $_ -notlike ").Append(ShellQuoting.PowerShell("*" + marker)).Append(" })\n")
                .Append("Set-Content -Encoding ascii -Path $hosts -Value ($kept + ").Append(ShellQuoting.PowerShell(endpoint.Host + " " + PeerBootstrapper.PeerAlias + " " + marker)).Append(")\n");
        }

        return text.Append("\"config=\" + (Join-Path $d 'ssh_config')\n").ToString();
    }

    public string FindTools(IReadOnlyList<string> tools, bool powerShell) => Probe(tools, powerShell, startPowerShell: false);

    public string InstallTools(IReadOnlyList<string> tools) =>
        "if (-not (Get-Command winget.exe -ErrorAction SilentlyContinue)) { throw 'winget is not on this machine; install the tools in the image' }\n"
        + string.Concat(tools.Select(t => "& winget.exe install --silent --accept-package-agreements --accept-source-agreements --exact --id " + ShellQuoting.PowerShell(ShellQuoting.RequireSafe(t, "tool")) + " | Out-Null\n"));

    public string ProveReady(string pairId, string peerProbe) => RunOnPeer(pairId, peerProbe);

    public string ProvePowerShell(string pairId, string nonce, IReadOnlyList<string> tools)
    {
        // Windows' pwsh starts ssh.exe itself and cannot be handed -F, so the alias's settings go in -Options (ssh -o).
        var options = " -Options @{ HostName = $np_host; Port = $np_port; User = $np_user; IdentityFile = (Join-Path $np_d 'id_ed25519'); "
            + "IdentitiesOnly = 'yes'; UserKnownHostsFile = (Join-Path $np_d 'known_hosts'); GlobalKnownHostsFile = 'none'; StrictHostKeyChecking = 'yes'; BatchMode = 'yes' }";
        var proof = ClientFolder(pairId).Replace("$d = ", "$np_d = ", StringComparison.Ordinal)
            + "$np_cfg = @{}\n"
            + "foreach ($line in Get-Content (Join-Path $np_d 'ssh_config')) { $kv = $line.Trim() -split '\\s+', 2; if ($kv.Count -eq 2) { $np_cfg[$kv[0]] = $kv[1] } }\n"
            + "$np_host = $np_cfg['HostName']; $np_port = $np_cfg['Port']; $np_user = $np_cfg['User']\n"
            + PowerShellProof.Script(nonce, tools, options);
        return "$p = (Get-Command pwsh.exe -ErrorAction SilentlyContinue).Source\n"
            + "if (-not $p) { [Console]::Error.WriteLine('pwsh (PowerShell 7) is not on the client'); exit 3 }\n"
            + "& $p " + string.Join(' ', PowerShellCommand.Arguments(proof)) + "\nexit $LASTEXITCODE\n";
    }

    public string RunOnPeer(string pairId, string peerCommand) =>
        ClientFolder(pairId) + "& ssh.exe -F (Join-Path $d 'ssh_config') " + PeerBootstrapper.PeerAlias + " " + ShellQuoting.PowerShell(peerCommand) + "\nexit $LASTEXITCODE\n";

    /// <summary>
    /// The probe a Windows machine runs in PowerShell: prints <c>missing=</c> for each tool that does not answer. With
    /// <paramref name="startPowerShell"/> pwsh is started once to check it is 7 or later; else only found.
    /// </summary>
    public static string Probe(IReadOnlyList<string> tools, bool powerShell, bool startPowerShell = true)
    {
        var text = new StringBuilder();
        foreach (var tool in tools)
        {
            var quoted = ShellQuoting.PowerShell(ShellQuoting.RequireSafe(tool, "tool"));
            text.Append("if (-not (Get-Command ").Append(quoted).Append(" -ErrorAction SilentlyContinue)) { 'missing=' + ").Append(quoted).Append(" }\n");
        }

        if (powerShell && !startPowerShell)
        {
            text.Append("if (-not (Get-Command pwsh.exe -ErrorAction SilentlyContinue)) { 'missing=pwsh' }\n");
        }
        else if (powerShell)
        {
            text.Append("$v = 0; try { $v = [int](& pwsh.exe -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.Major') } catch { }\n")
                .Append("if ($v -lt 7) { 'missing=pwsh' }\n");
        }

        return text.ToString();
    }
}
