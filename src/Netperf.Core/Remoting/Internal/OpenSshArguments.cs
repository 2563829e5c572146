using System.Globalization;

namespace Netperf.Core.Remoting.Internal;

/// <summary>Builds ssh and scp command lines; pure functions so tests can check every option.</summary>
internal static class OpenSshArguments
{
    /// <summary>The marker line a POSIX command writes to standard error first: the process group to kill on a stop.</summary>
    public const string PgidMarker = "netperf-pgid:";

    public static List<string> Ssh(OpenSshTarget target, string knownHostsFile, bool strictHostKey, string? controlPath)
    {
        var arguments = Common(target, knownHostsFile, strictHostKey, controlPath);
        arguments.Insert(2, "-T");
        if (target.Port is { } port)
        {
            arguments.Add("-p");
            arguments.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        return arguments;
    }

    public static List<string> Scp(OpenSshTarget target, string knownHostsFile, bool strictHostKey, string? controlPath)
    {
        var arguments = Common(target, knownHostsFile, strictHostKey, controlPath);
        arguments.InsertRange(2, ["-q", "-B"]);
        if (target.Port is { } port)
        {
            arguments.Add("-P");
            arguments.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        return arguments;
    }

    /// <summary>The scp operand for a remote path: <c>host:path</c>, with an IPv6 address in brackets.</summary>
    public static string ScpRemote(OpenSshTarget target, string remotePath) =>
        (target.Host.Contains(':', StringComparison.Ordinal) ? "[" + target.Host + "]" : target.Host) + ":" + remotePath;

    /// <summary>The text the far side runs: the command prefixed by a marker naming what to kill on a stop.</summary>
    public static string RemoteText(RemoteShellFlavor flavor, string text) => flavor switch
    {
        RemoteShellFlavor.PowerShell => "pwsh " + string.Join(' ', PowerShellCommand.Arguments(PowerShellCommand.WithPidMarker(text))),
        RemoteShellFlavor.Native => text,
        _ => "printf '" + PgidMarker + "%s\\n' \"$$\" >&2\n" + text,
    };

    /// <summary>The text that kills a command's process group (POSIX) or process tree (PowerShell).</summary>
    public static string StopText(RemoteShellFlavor flavor, int pid) => flavor switch
    {
        RemoteShellFlavor.PowerShell => "pwsh " + string.Join(' ', PowerShellCommand.Arguments(PowerShellCommand.KillTree(pid))),
        _ => string.Create(CultureInfo.InvariantCulture, $"kill -KILL -- -{pid} 2>/dev/null; kill -KILL {pid} 2>/dev/null; true"),
    };

    /// <summary>The marker a flavour writes; <see cref="RemoteText"/> puts it first on standard error.</summary>
    public static string Marker(RemoteShellFlavor flavor) =>
        flavor == RemoteShellFlavor.PowerShell ? PowerShellCommand.PidMarker : PgidMarker;

    private static List<string> Common(OpenSshTarget target, string knownHostsFile, bool strictHostKey, string? controlPath)
    {
        var arguments = new List<string> { "-F", target.ConfigFile ?? "none" };
        Option(arguments, "BatchMode", "yes");
        Option(arguments, "ConnectTimeout", Seconds(target.ConnectTimeout));
        Option(arguments, "ServerAliveInterval", "15");
        Option(arguments, "ServerAliveCountMax", "3");
        Option(arguments, "LogLevel", "ERROR");
        Option(arguments, "StrictHostKeyChecking", strictHostKey ? "yes" : "accept-new");
        Option(arguments, "UserKnownHostsFile", knownHostsFile);
        Option(arguments, "GlobalKnownHostsFile", "none");
        Option(arguments, "PasswordAuthentication", "no");
        Option(arguments, "KbdInteractiveAuthentication", "no");
        if (target.KeyExchangeAlgorithms is not null)
        {
            Option(arguments, "KexAlgorithms", target.KeyExchangeAlgorithms);
        }

        if (target.User is not null)
        {
            Option(arguments, "User", target.User);
        }

        if (target.IdentityFile is not null)
        {
            arguments.Add("-i");
            arguments.Add(target.IdentityFile);
            Option(arguments, "IdentitiesOnly", "yes");
        }

        if (controlPath is not null)
        {
            Option(arguments, "ControlMaster", "auto");
            Option(arguments, "ControlPath", controlPath);
            Option(arguments, "ControlPersist", Seconds(target.ControlPersist));
        }

        return arguments;
    }

    private static void Option(List<string> arguments, string name, string value)
    {
        arguments.Add("-o");
        arguments.Add(name + "=" + (value.Contains(' ', StringComparison.Ordinal) ? "\"" + value + "\"" : value));
    }

    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
