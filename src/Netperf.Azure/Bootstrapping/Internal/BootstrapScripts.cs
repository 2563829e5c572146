using System.Text;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Azure.Bootstrapping.Internal;

/// <summary>
/// The bootstrap scripts run through Run Command. Each starts with <c># netperf-step: name</c> and
/// declares its inputs as <c>NETPERF_X='value'</c> (bash) or <c>$NETPERF_X = 'value'</c> (PowerShell)
/// lines, so they are readable in the Azure portal and checkable by a simulated guest. No input is a secret:
/// the client's key pair is generated on the client and only its public half travels.
/// </summary>
internal static class BootstrapScripts
{
    public const string KeyFileLinux = ".ssh/netperf_peer";
    public const string KnownHostsFileLinux = ".ssh/netperf_known_hosts";
    public const string WindowsFolder = @"C:\ProgramData\netperf";

    public static string ClientKey(OsFamily os, string user) => os == OsFamily.Windows
        ? Ps("client-key", ("USER", user)) + $$"""
            $ErrorActionPreference = 'Stop'
            New-Item -ItemType Directory -Force -Path '{{WindowsFolder}}' | Out-Null
            $key = Join-Path '{{WindowsFolder}}' 'netperf_peer'
            if (-not (Test-Path $key)) { & ssh-keygen.exe -q -t ed25519 -N '""' -C netperf-client -f $key | Out-Null }
            icacls $key /inheritance:r /grant:r 'SYSTEM:F' 'Administrators:F' | Out-Null
            Get-Content "$key.pub"
            """
        : Sh("client-key", ("USER", user)) + $$"""
            home=$(getent passwd "$NETPERF_USER" | cut -d: -f6)
            install -d -m 700 -o "$NETPERF_USER" -g "$NETPERF_USER" "$home/.ssh"
            key="$home/{{KeyFileLinux}}"
            [ -f "$key" ] || sudo -u "$NETPERF_USER" ssh-keygen -q -t ed25519 -N '' -C netperf-client -f "$key"
            cat "$key.pub"
            """;

    /// <summary>
    /// The peer's long part, which needs nothing from the client and so runs while the client makes its key: the
    /// SSH server (and PowerShell 7 with its SSH subsystem where wanted), optional test-signing; it reports the SSH
    /// server's host keys (<see cref="HostKeyMarker"/> lines) for the client to pin. Every download goes
    /// through a helper that, when the VM cannot reach the internet, stops with exit 20 and <c>netperf-no-outbound: url</c>.
    /// </summary>
    public static string PeerSetup(OsFamily os, string user, bool installPwsh, bool testSigning) => os == OsFamily.Windows
        ? Ps("peer-setup", ("USER", user), ("TEST_SIGNING", testSigning ? "1" : "0")) + WindowsDownloadHelper + """
            $ErrorActionPreference = 'Stop'
            if (-not (Test-Path 'C:\Program Files\PowerShell\7\pwsh.exe')) {
              Invoke-Expression "& { $(NetperfDownload 'https://aka.ms/install-powershell.ps1') } -UseMSI -Quiet"
            }
            if ((Get-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0').State -ne 'Installed') {
              Add-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0' | Out-Null
            }
            Set-Service sshd -StartupType Automatic; Start-Service sshd
            $config = 'C:\ProgramData\ssh\sshd_config'
            if (-not (Select-String -Path $config -Pattern '^Subsystem\s+powershell' -Quiet)) {
              Add-Content $config 'Subsystem powershell c:/progra~1/powershell/7/pwsh.exe -sshs -nologo'
            }
            Restart-Service sshd
            # Only the client may reach the peer: drop the default any-source SSH rule (peer-admit adds one for the client).
            Get-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -ErrorAction SilentlyContinue | Disable-NetFirewallRule
            if ($NETPERF_TEST_SIGNING -eq '1') { bcdedit /set testsigning on | Out-Null; 'netperf-reboot-required' }
            Get-ChildItem -Path 'C:\ProgramData\ssh' -Filter 'ssh_host_*_key.pub' | ForEach-Object { 'netperf-host-key ' + (((Get-Content -Raw $_.FullName).Trim() -split ' ')[0..1] -join ' ') }
            'netperf-peer-ready'
            """
        : Sh("peer-setup", ("USER", user), ("INSTALL_PWSH", installPwsh ? "1" : "0")) + LinuxDownloadHelper + """
            export DEBIAN_FRONTEND=noninteractive
            if ! command -v sshd >/dev/null; then
              netperf_reach http://archive.ubuntu.com/ubuntu/
              { apt-get update -q && apt-get install -y -q openssh-server; } > /var/log/netperf-apt.log 2>&1 || { tail -n 20 /var/log/netperf-apt.log >&2; exit 1; }
            fi
            systemctl enable --now ssh 2>/dev/null || systemctl enable --now sshd
            if [ "$NETPERF_INSTALL_PWSH" = 1 ] && ! command -v pwsh >/dev/null; then
              netperf_reach https://api.snapcraft.io/
              snap install powershell --classic > /var/log/netperf-snap.log 2>&1 || { tail -n 20 /var/log/netperf-snap.log >&2; exit 1; }
            fi
            if command -v pwsh >/dev/null && ! grep -q '^Subsystem powershell' /etc/ssh/sshd_config; then
              echo "Subsystem powershell $(command -v pwsh) -sshs -nologo" >> /etc/ssh/sshd_config; systemctl reload ssh 2>/dev/null || systemctl reload sshd
            fi
            for f in /etc/ssh/ssh_host_*_key.pub; do [ -f "$f" ] && echo "netperf-host-key $(cut -d' ' -f1,2 "$f")"; done
            echo netperf-peer-ready
            """;

    /// <summary>The peer admits the client's key, from the client's address only (Windows: and a firewall rule for that address).</summary>
    public static string PeerAdmit(OsFamily os, string user, string clientIp, string clientKey) => os == OsFamily.Windows
        ? Ps("peer-admit", ("USER", user), ("CLIENT_IP", clientIp), ("CLIENT_KEY", clientKey)) + """
            $ErrorActionPreference = 'Stop'
            $keys = 'C:\ProgramData\ssh\administrators_authorized_keys'
            $line = "from=`"$NETPERF_CLIENT_IP`" $NETPERF_CLIENT_KEY"
            if (-not ((Test-Path $keys) -and (Select-String -Path $keys -SimpleMatch $line -Quiet))) { Add-Content $keys $line }
            icacls $keys /inheritance:r /grant 'Administrators:F' /grant 'SYSTEM:F' | Out-Null
            Remove-NetFirewallRule -Name 'netperf-peer-client' -ErrorAction SilentlyContinue
            New-NetFirewallRule -Name 'netperf-peer-client' -DisplayName 'Netperf: client of this pair' -Direction Inbound -Action Allow -RemoteAddress $NETPERF_CLIENT_IP | Out-Null
            'netperf-admit-ready'
            """
        : Sh("peer-admit", ("USER", user), ("CLIENT_IP", clientIp), ("CLIENT_KEY", clientKey)) + """
            home=$(getent passwd "$NETPERF_USER" | cut -d: -f6)
            install -d -m 700 -o "$NETPERF_USER" -g "$NETPERF_USER" "$home/.ssh"
            line="from=\"$NETPERF_CLIENT_IP\" $NETPERF_CLIENT_KEY"
            grep -qxF "$line" "$home/.ssh/authorized_keys" 2>/dev/null || echo "$line" >> "$home/.ssh/authorized_keys"
            chown "$NETPERF_USER:$NETPERF_USER" "$home/.ssh/authorized_keys"; chmod 600 "$home/.ssh/authorized_keys"
            echo netperf-admit-ready
            """;

    /// <summary>The line prefix with which peer-setup reports each of the peer's SSH host public keys.</summary>
    public const string HostKeyMarker = "netperf-host-key ";

    /// <summary>
    /// Client: maps <c>netperf-peer</c> to the peer's address and pins the host keys the peer reported through its
    /// own Run Command (a channel the network cannot touch) in a known_hosts file, with <c>StrictHostKeyChecking yes</c>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="pairId"/> it also fills the pair's client folder (<see cref="PairClientFolder"/>) of the account
    /// Run Command runs as (root on Linux, SYSTEM on Windows): later commands (a job's environment, a runner's folder)
    /// reach the peer from there.
    /// </remarks>
    public static string PeerAlias(OsFamily os, string user, string peerIp, IReadOnlyList<string> hostKeys, string? pairId = null) => os == OsFamily.Windows
        ? Ps("peer-alias", ("USER", user), ("PEER_IP", peerIp), ("HOST_KEYS", string.Join('|', hostKeys))) + WindowsDownloadHelper + $$"""
            $ErrorActionPreference = 'Stop'
            $hosts = 'C:\Windows\System32\drivers\etc\hosts'
            $lines = @(Get-Content $hosts | Where-Object { $_ -notmatch '\snetperf-peer$' }) + "$NETPERF_PEER_IP netperf-peer"
            Set-Content -Path $hosts -Value $lines
            if (-not (Test-Path 'C:\Program Files\PowerShell\7\pwsh.exe')) {
              Invoke-Expression "& { $(NetperfDownload 'https://aka.ms/install-powershell.ps1') } -UseMSI -Quiet"
            }
            Set-Content -Encoding ascii -Path '{{WindowsFolder}}\known_hosts' -Value @($NETPERF_HOST_KEYS.Split('|') | ForEach-Object { "netperf-peer,$NETPERF_PEER_IP $_" })
            Set-Content -Path '{{WindowsFolder}}\ssh_config' -Value @(
              'Host netperf-peer', "  User $NETPERF_USER", '  IdentityFile {{WindowsFolder}}\netperf_peer',
              '  StrictHostKeyChecking yes', '  UserKnownHostsFile {{WindowsFolder}}\known_hosts', '  GlobalKnownHostsFile none')

            """ + (pairId is null ? string.Empty : PairClientFolder.FillPowerShell(pairId, "'" + WindowsFolder + "\\netperf_peer'", peerIp, user, hostKeys))
            + "'netperf-alias-ready'\n"
        : Sh("peer-alias", ("USER", user), ("PEER_IP", peerIp), ("HOST_KEYS", string.Join('|', hostKeys))) + $$"""
            sed -i '/[[:space:]]netperf-peer$/d' /etc/hosts
            echo "$NETPERF_PEER_IP netperf-peer" >> /etc/hosts
            home=$(getent passwd "$NETPERF_USER" | cut -d: -f6)
            kh="$home/{{KnownHostsFileLinux}}"
            printf '%s\n' "$NETPERF_HOST_KEYS" | tr '|' '\n' | sed "s/^/netperf-peer,$NETPERF_PEER_IP /" > "$kh"
            chown "$NETPERF_USER:$NETPERF_USER" "$kh"; chmod 644 "$kh"
            if ! grep -q '^Host netperf-peer$' "$home/.ssh/config" 2>/dev/null; then
              printf 'Host netperf-peer\n  User %s\n  IdentityFile %s\n  UserKnownHostsFile %s\n  GlobalKnownHostsFile none\n  StrictHostKeyChecking yes\n' "$NETPERF_USER" "$home/{{KeyFileLinux}}" "$kh" >> "$home/.ssh/config"
            fi
            chown "$NETPERF_USER:$NETPERF_USER" "$home/.ssh/config"; chmod 600 "$home/.ssh/config"

            """ + (pairId is null ? string.Empty : PairClientFolder.FillPosix(pairId, "\"$home/" + KeyFileLinux + "\"", peerIp, user, hostKeys))
            + "echo netperf-alias-ready\n";

    public static string Tools(OsFamily os, IReadOnlyList<string> tools) => os == OsFamily.Windows
        ? Ps("tools", ("TOOLS", string.Join(' ', tools))) + """
            $missing = @($NETPERF_TOOLS.Split(' ', [StringSplitOptions]::RemoveEmptyEntries) | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })
            if ($missing.Count -gt 0) { "missing: $($missing -join ' ')"; exit 3 }
            'netperf-tools-ready'
            """
        : Sh("tools", ("TOOLS", string.Join(' ', tools))) + """
            missing=""
            for tool in $NETPERF_TOOLS; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
            if [ -n "$missing" ]; then echo "missing:$missing"; exit 3; fi
            echo netperf-tools-ready
            """;

    /// <summary>Where the Windows steps install PowerShell 7.</summary>
    public const string WindowsPwsh = @"C:\Program Files\PowerShell\7\pwsh.exe";

    public static string ProveReady(OsFamily os, string user, string nonce, bool viaPowerShell) => os == OsFamily.Windows
        ? WindowsProveReady(user, nonce, WindowsFolder, WindowsPwsh)
        : viaPowerShell
        ? Sh("prove-ready", ("USER", user), ("NONCE", nonce), ("VIA", "pwsh")) + """
            sudo -u "$NETPERF_USER" pwsh -NoProfile -Command "Invoke-Command -HostName netperf-peer -ScriptBlock { 'netperf-ready-$NETPERF_NONCE' }"
            """
        : Sh("prove-ready", ("USER", user), ("NONCE", nonce)) + """
            sudo -u "$NETPERF_USER" ssh -o BatchMode=yes -o ConnectTimeout=20 netperf-peer "echo netperf-ready-$NETPERF_NONCE"
            """;

    /// <summary>
    /// The Windows client's proof: pwsh 7 runs <c>Invoke-Command -HostName netperf-peer</c> with the alias's ssh settings
    /// as <c>-Options</c> (Windows' pwsh starts ssh.exe itself and takes no <c>-F</c>): the pair's key, the known_hosts that
    /// peer-alias pinned, <c>StrictHostKeyChecking yes</c> and <c>BatchMode yes</c>. Under Run Command the client runs as
    /// SYSTEM without a terminal, and SYSTEM's own known_hosts knows nothing of the peer: without these options the
    /// session was refused. <paramref name="hostName"/> and <paramref name="port"/> override where <c>netperf-peer</c> is
    /// (the hosts-file line otherwise); tests use them to run this proof against a local sshd.
    /// </summary>
    internal static string WindowsProveReady(string user, string nonce, string folder, string pwsh, string? hostName = null, int? port = null)
    {
        var options = new StringBuilder("@{ User = ").Append(ShellQuoting.PowerShell(user))
            .Append("; IdentityFile = (Join-Path ").Append(ShellQuoting.PowerShell(folder)).Append(" 'netperf_peer'); IdentitiesOnly = 'yes'")
            .Append("; UserKnownHostsFile = (Join-Path ").Append(ShellQuoting.PowerShell(folder)).Append(" 'known_hosts'); GlobalKnownHostsFile = 'none'")
            .Append("; StrictHostKeyChecking = 'yes'; BatchMode = 'yes'; ConnectTimeout = '20'");
        if (hostName is not null)
        {
            options.Append("; HostName = ").Append(ShellQuoting.PowerShell(hostName));
        }

        if (port is { } p)
        {
            options.Append("; Port = '").Append(p.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\'');
        }

        var proof = "$ErrorActionPreference = 'Stop'\n"
            + "try { Invoke-Command -HostName netperf-peer -Options " + options + " } -ErrorAction Stop -ScriptBlock { 'netperf-ready-' + " + ShellQuoting.PowerShell(nonce) + " } }\n"
            + "catch { [Console]::Error.WriteLine($_.Exception.Message); exit 4 }\n";
        return Ps("prove-ready", ("USER", user), ("NONCE", nonce))
            + "& " + ShellQuoting.PowerShell(pwsh) + " -NoLogo -NoProfile -NonInteractive -EncodedCommand " + Convert.ToBase64String(Encoding.Unicode.GetBytes(proof)) + "\n"
            + "exit $LASTEXITCODE\n";
    }

    /// <summary>The marker a download helper prints (on standard error) before it stops with <see cref="NoOutboundExitCode"/>.</summary>
    public const string NoOutboundMarker = "netperf-no-outbound:";

    /// <summary>The exit code of a step whose download could not reach the internet.</summary>
    public const int NoOutboundExitCode = 20;

    // Downloads go through these, so a VM without a way out fails at its first download, saying so, instead of hanging in an installer.
    private const string LinuxDownloadHelper = """
        netperf_reach() { curl -sS -o /dev/null --connect-timeout 20 --max-time 60 "$1" || { echo "netperf-no-outbound: $1" >&2; exit 20; }; }

        """;

    private const string WindowsDownloadHelper = """
        function NetperfDownload([string] $Url) {
          try { Invoke-RestMethod -Uri $Url -TimeoutSec 60 -UseBasicParsing }
          catch { [Console]::Error.WriteLine("netperf-no-outbound: $Url ($($_.Exception.Message))"); exit 20 }
        }

        """;

    private static string Sh(string step, params (string Name, string Value)[] inputs)
    {
        var text = new StringBuilder().Append("# netperf-step: ").Append(step).Append('\n').Append("set -e\n");
        foreach (var (name, value) in inputs)
        {
            text.Append("NETPERF_").Append(name).Append('=').Append(ShellQuoting.Posix(value)).Append('\n');
        }

        return text.ToString();
    }

    private static string Ps(string step, params (string Name, string Value)[] inputs)
    {
        var text = new StringBuilder().Append("# netperf-step: ").Append(step).Append('\n');
        foreach (var (name, value) in inputs)
        {
            text.Append("$NETPERF_").Append(name).Append(" = ").Append(ShellQuoting.PowerShell(value)).Append('\n');
        }

        return text.ToString();
    }
}
