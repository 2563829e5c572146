namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// The private folder of one <see cref="OpenSshShell"/>: <c>&lt;state&gt;/ssh/&lt;pid&gt;-&lt;start&gt;-&lt;random&gt;</c>, holding its
/// control socket (<c>cm-mux</c>) and private known_hosts. Its name records its owner (the process id and start time,
/// in clock ticks since boot) before it exists, so after a kill the janitor can tell an orphan (owner gone) from the
/// folder of a live process, and remove only orphans, with the ssh control master still serving one, if any.
/// </summary>
internal static class SessionFolder
{
    /// <summary>The subfolder of the state folder that holds the session folders.</summary>
    public const string Parent = "ssh";

    /// <summary>The name of a new session folder of this process (an <see cref="OwnerToken"/>).</summary>
    public static string NewName() => OwnerToken.New();

    /// <summary>The control socket in a session folder (a fixed, short name: a socket path has at most 107 bytes).</summary>
    public static string ControlSocket(string folder) => Path.Combine(folder, "cm-mux");

    /// <summary>True when <paramref name="name"/> is a session folder's name whose owner provably no longer runs.</summary>
    public static bool IsOrphan(string name) => OwnerToken.IsOrphan(name);

    /// <summary>
    /// The ssh control masters still serving <paramref name="folder"/>'s socket: processes of this user whose title is
    /// <c>ssh: &lt;socket&gt; [mux]</c> (what ssh shows once backgrounded) or whose arguments name it as ControlPath.
    /// </summary>
    public static IReadOnlyList<int> Masters(string folder)
    {
        if (!ProcessIdentity.IsSupported)
        {
            return [];
        }

        var socket = ControlSocket(folder);
        var me = UnixFileStatus.CurrentUserId;
        var found = new List<int>();
        foreach (var pid in ProcessIdentity.All())
        {
            var arguments = ProcessIdentity.Arguments(pid);
            if (arguments is null || ProcessIdentity.OwnerId(pid) != me)
            {
                continue;
            }

            if ((arguments.Count == 1 && arguments[0] == $"ssh: {socket} [mux]")
                || (arguments.Count > 1 && Path.GetFileName(arguments[0]) == "ssh" && (arguments.Contains("ControlPath=" + socket, StringComparer.Ordinal) || arguments.Contains("ControlPath=\"" + socket + "\"", StringComparer.Ordinal))))
            {
                found.Add(pid);
            }
        }

        return found;
    }
}
