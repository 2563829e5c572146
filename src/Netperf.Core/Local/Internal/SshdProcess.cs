using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local.Internal;

/// <summary>
/// How a private sshd is started and how it is recognised later, also from another process: by its exact command line
/// (the sshd binary, then <c>-D -E &lt;folder&gt;/sshd.log -f &lt;folder&gt;/sshd_config</c>, a folder in Netperf's private state), its
/// owner (the current user) and its start time. Never by a pid alone, never by a part of a command line.
/// </summary>
internal static class SshdProcess
{
    public static string ConfigFile(string folder) => Path.Combine(folder, "sshd_config");

    public static string LogFile(string folder) => Path.Combine(folder, "sshd.log");

    /// <summary>The pid file sshd writes once it listens (<c>PidFile</c> in its config).</summary>
    public static string PidFile(string folder) => Path.Combine(folder, "sshd.pid");

    /// <summary>The pid in the pid file; <see langword="null"/> while it is missing or half written.</summary>
    public static int? ReadPidFile(string folder)
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile(folder)).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public static string[] Arguments(string folder) => ["-D", "-E", LogFile(folder), "-f", ConfigFile(folder)];

    /// <summary>
    /// True when <paramref name="pid"/> is the sshd started from <paramref name="sshd"/> for <paramref name="folder"/>, run by
    /// the current user, and started at <paramref name="startTicks"/> (exactly, when it was recorded) or, when the start was
    /// not recorded, not before <paramref name="notBeforeTicks"/> (when the pair's record was written, before the launch).
    /// </summary>
    public static bool IsOurs(int pid, string sshd, string folder, long startTicks, long notBeforeTicks = long.MaxValue)
    {
        if (pid <= 0 || !ProcessIdentity.IsSupported)
        {
            return false;
        }

        var started = ProcessIdentity.StartTicks(pid);
        if (started is null || (startTicks > 0 ? started != startTicks : started < notBeforeTicks))
        {
            return false;
        }

        if (ProcessIdentity.OwnerId(pid) != UnixFileStatus.CurrentUserId)
        {
            return false;
        }

        var arguments = ProcessIdentity.Arguments(pid);
        if (arguments is null)
        {
            return false;
        }

        // Until sshd retitles itself its argv is the launch's; after, one string: "sshd: <launch line> [listener] ...".
        var launch = string.Join(' ', Arguments(folder).Prepend(sshd));
        if (arguments.Count > 1)
        {
            return arguments.SequenceEqual(Arguments(folder).Prepend(sshd), StringComparer.Ordinal);
        }

        var title = arguments.Count == 1 ? arguments[0] : string.Empty;
        return title == "sshd: " + launch || title.StartsWith("sshd: " + launch + " [", StringComparison.Ordinal);
    }

    /// <summary>Every sshd of <paramref name="folder"/> that is provably ours though its start was never recorded (see <see cref="IsOurs"/>).</summary>
    public static IReadOnlyList<(int Pid, long StartTicks)> FindUnrecorded(string sshd, string folder, long notBeforeTicks)
    {
        if (!ProcessIdentity.IsSupported || notBeforeTicks <= 0)
        {
            return [];
        }

        var found = new List<(int, long)>();
        foreach (var pid in ProcessIdentity.All())
        {
            if (IsOurs(pid, sshd, folder, startTicks: 0, notBeforeTicks) && ProcessIdentity.StartTicks(pid) is { } started)
            {
                found.Add((pid, started));
            }
        }

        return found;
    }
}
