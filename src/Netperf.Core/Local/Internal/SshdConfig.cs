using System.Globalization;
using System.Text;

namespace Netperf.Core.Local.Internal;

/// <summary>Writes the config of a private sshd: loopback only, keys only, every file in its own folder.</summary>
internal static class SshdConfig
{
    public static string Render(string folder, string listenAddress, int port, string user, IReadOnlyDictionary<string, string> environment, string? powerShellPath = null)
    {
        var text = new StringBuilder();
        void Line(string name, string value) => text.Append(name).Append(' ').Append(value).Append('\n');

        Line("Port", port.ToString(CultureInfo.InvariantCulture));
        Line("ListenAddress", listenAddress);
        Line("HostKey", Quote(Path.Combine(folder, "host_ed25519_key")));
        Line("AuthorizedKeysFile", Quote(Path.Combine(folder, "authorized_keys")));
        Line("PidFile", Quote(SshdProcess.PidFile(folder)));
        Line("AllowUsers", user);
        Line("UsePAM", "no");

        // StrictModes stays on: sshd re-reads AuthorizedKeysFile at every login and refuses it when any folder above it
        // could be changed by another user. PrivateSshServer checks the same before it starts (never under /tmp).
        Line("StrictModes", "yes");
        Line("PubkeyAuthentication", "yes");
        Line("PasswordAuthentication", "no");
        Line("KbdInteractiveAuthentication", "no");
        Line("PermitRootLogin", "prohibit-password");
        Line("PrintMotd", "no");
        Line("PrintLastLog", "no");
        Line("X11Forwarding", "no");
        Line("AllowAgentForwarding", "no");
        Line("MaxStartups", "50:30:100");
        Line("MaxSessions", "50");
        Line("LogLevel", "ERROR");
        Line("Subsystem", "sftp internal-sftp");
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        if (powerShellPath is not null)
        {
            // PowerShell remoting over ssh (Invoke-Command -HostName): sshd starts pwsh as the session's server. Sessions
            // also find pwsh on PATH (sshd's default PATH lacks ~/.dotnet/tools, where the .NET tool lives).
            Line("Subsystem", "powershell " + Quote(powerShellPath) + " -sshs -NoLogo -NoProfile");
            // No telemetry or update check from the peer's pwsh at each session start (nothing to send it to, and it costs time).
            variables.TryAdd("POWERSHELL_TELEMETRY_OPTOUT", "1");
            variables.TryAdd("POWERSHELL_UPDATECHECK", "Off");
            if (!variables.ContainsKey("PATH"))
            {
                variables["PATH"] = Path.GetDirectoryName(powerShellPath) + ":/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
            }
        }

        // A session runs its command through the account's shell, and bash run by sshd sources ~/.bashrc unless it is a
        // nested shell: on this machine that is pyenv's init, 0.4-0.8 s of every command (docs/benchmarks.md). The peer's
        // commands are scripts that need none of it; SHLVL=1 makes the session's bash a nested one.
        variables.TryAdd("SHLVL", "1");
        if (variables.Count > 0)
        {
            Line("SetEnv", string.Join(' ', variables.Select(pair => Quote(pair.Key + "=" + pair.Value))));
        }

        return text.ToString();
    }

    private static string Quote(string value) => value.Contains(' ', StringComparison.Ordinal) ? "\"" + value + "\"" : value;
}
