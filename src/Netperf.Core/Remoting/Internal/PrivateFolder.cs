namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// Makes and verifies Netperf's private folders so that no other user can read or replace what Netperf keeps in them
/// (keys, pair records, the peer's authorized_keys). Every folder from the state folder down must be a real folder (not
/// a symbolic link) owned by the current user, mode 0700; every folder above it must belong to the current user or
/// root and, where others may write to it, be sticky (as <c>/tmp</c> is), so nobody else can rename or swap what lies
/// below. A root-owned symbolic link above the state folder (<c>/var/run</c>) is followed and its target checked the
/// same way. Once a chain passes, no other user can change it, so checking then using it is safe.
/// Owners are read on Linux; elsewhere on Unix only links and modes are checked, and on Windows only links.
/// </summary>
internal static class PrivateFolder
{
    private const int MaxLinks = 8;

    /// <summary>
    /// Creates (mode 0700) or checks <paramref name="path"/> and every folder above it. Folders at or below
    /// <paramref name="stateRoot"/> (default: <paramref name="path"/> itself) must be the current user's.
    /// </summary>
    /// <returns>The full path.</returns>
    /// <exception cref="InvalidOperationException">A folder of the path is not safe; the message names it, its owner and the fix.</exception>
    public static string Ensure(string path, string? stateRoot = null)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(stateRoot ?? full);
        if (!IsSameOrBelow(full, root))
        {
            throw new ArgumentException($"'{full}' is not inside the state folder '{root}'.", nameof(stateRoot));
        }

        if (OperatingSystem.IsWindows())
        {
            EnsureWindows(full, root);
            return full;
        }

        Walk(full, Depth(root), create: true, chain: null, links: 0);
        return full;
    }

    /// <summary>
    /// Checks, creating nothing, that <paramref name="path"/> is safe by the rule of <see cref="Ensure"/>: before Netperf
    /// reads a record it did not just write (a pair file, to find a process to kill), the folder must be its own.
    /// </summary>
    /// <returns><see langword="false"/> when the path does not exist.</returns>
    /// <exception cref="InvalidOperationException">A folder of the path is not safe.</exception>
    public static bool Verify(string path, string? stateRoot = null)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full) && !File.Exists(full) && new FileInfo(full).LinkTarget is null)
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            EnsureWindows(full, Path.GetFullPath(stateRoot ?? full));
            return true;
        }

        Walk(full, Depth(Path.GetFullPath(stateRoot ?? full)), create: false, chain: null, links: 0);
        return true;
    }

    /// <summary>
    /// Throws unless OpenSSH's <c>StrictModes</c> would accept key files in <paramref name="folder"/>: sshd checks every
    /// folder from the file up to <c>/</c> (the real path, links resolved) and refuses any that another user owns or
    /// that group or others may write, sticky or not, so a folder under <c>/tmp</c> never passes.
    /// </summary>
    /// <exception cref="InvalidOperationException">A folder above <paramref name="folder"/> fails sshd's check.</exception>
    public static void EnsureSshdAccepts(string folder)
    {
        if (!UnixFileStatus.IsSupported || OperatingSystem.IsWindows())
        {
            return;
        }

        var full = Path.GetFullPath(folder);
        var chain = new List<(string Path, UnixFileStatus Status)>();
        Walk(full, Depth(full), create: true, chain, links: 0);
        var me = UnixFileStatus.CurrentUserId;
        foreach (var (path, status) in chain)
        {
            if (status.WritableByOthers || (status.OwnerId != me && status.OwnerId != 0))
            {
                throw new InvalidOperationException(
                    $"sshd will not accept the keys in '{full}': the folder '{path}' above them (owner {UnixFileStatus.DescribeUser(status.OwnerId)}, mode {status.OctalMode}) " +
                    "can be written by other users, and OpenSSH's StrictModes refuses key files under such a folder (the sticky /tmp included). " +
                    $"Keep the state in a folder whose every parent is writable only by you or root: unset {NetperfPaths.StateVariable} and Netperf:Local:StateDirectory " +
                    $"to use the default ({NetperfPaths.DefaultStateRootDescription}), or set one of them to such a folder.");
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Walk(string full, int zoneDepth, bool create, List<(string Path, UnixFileStatus Status)>? chain, int links)
    {
        var me = UnixFileStatus.CurrentUserId;
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        Record(chain, "/", Status("/") ?? throw new IOException("'/' cannot be examined."));
        for (var i = 0; i < parts.Length; i++)
        {
            var next = current == "/" ? "/" + parts[i] : current + "/" + parts[i];
            var ours = i + 1 >= zoneDepth;
            var status = Status(next);
            if (status is null)
            {
                if (!create)
                {
                    throw new DirectoryNotFoundException($"'{next}' does not exist.");
                }

                // mkdir of an existing name changes nothing: the check below then judges whoever made it.
                Directory.CreateDirectory(next, NetperfPaths.PrivateFolderMode);
                status = Status(next) ?? throw new IOException($"'{next}' vanished right after it was created.");
            }

            if (status.Value.Kind == UnixFileKind.SymbolicLink)
            {
                if (ours || status.Value.OwnerId != 0 || links >= MaxLinks)
                {
                    throw Refuse(next, status.Value, ours, $"is a symbolic link (to '{LinkTarget(next)}'), and Netperf keeps its state only in real folders, because a link can send its keys anywhere");
                }

                // A root-owned link above the state folder: check where it leads the same way, then go on from there.
                var target = Path.GetFullPath(LinkTarget(next), current);
                Walk(target, int.MaxValue, create: false, chain, links + 1);
                current = target;
                continue;
            }

            if (status.Value.Kind != UnixFileKind.Directory)
            {
                throw Refuse(next, status.Value, ours, "is not a folder");
            }

            if (status.Value.OwnerId != me && (ours || status.Value.OwnerId != 0))
            {
                throw Refuse(next, status.Value, ours, ours
                    ? $"belongs to {UnixFileStatus.DescribeUser(status.Value.OwnerId)}, not to you ({UnixFileStatus.DescribeUser(me)}): another user made it, and could read or replace the keys and records Netperf keeps there"
                    : $"belongs to {UnixFileStatus.DescribeUser(status.Value.OwnerId)}, neither you ({UnixFileStatus.DescribeUser(me)}) nor root, so that user could replace the folders below it");
            }

            if (ours && status.Value.OpenToOthers)
            {
                File.SetUnixFileMode(next, NetperfPaths.PrivateFolderMode);
                status = status.Value with { Mode = NetperfPaths.PrivateFolderMode };
            }
            else if (!ours && status.Value.WritableByOthers && !status.Value.Sticky)
            {
                throw Refuse(next, status.Value, ours, $"can be written by other users (mode {status.Value.OctalMode}) and is not sticky, so they could replace the folders below it");
            }

            Record(chain, next, status.Value);
            current = next;
        }
    }

    private static InvalidOperationException Refuse(string path, UnixFileStatus status, bool ours, string what)
    {
        var role = ours ? "Netperf's state folder" : "The folder";
        var where = ours ? string.Empty : " above Netperf's state folder";
        return new InvalidOperationException(
            $"{role} '{path}'{where} {what} (owner {UnixFileStatus.DescribeUser(status.OwnerId)}, mode {status.OctalMode}). Netperf will not use it. " +
            (ours ? "Check what is in it and remove it, or " : string.Empty) +
            $"set {NetperfPaths.StateVariable} (or Netperf:Local:StateDirectory) to a folder of your own under folders only you or root can change " +
            $"(the default is {NetperfPaths.DefaultStateRootDescription}).");
    }

    private static UnixFileStatus? Status(string path)
    {
        if (UnixFileStatus.IsSupported)
        {
            return UnixFileStatus.Lstat(path);
        }

        // No owner API here: links and modes only.
        var info = new DirectoryInfo(path);
        if (!info.Exists && info.LinkTarget is null && !File.Exists(path))
        {
            return null;
        }

        var kind = info.LinkTarget is not null ? UnixFileKind.SymbolicLink : info.Exists ? UnixFileKind.Directory : UnixFileKind.File;
        return new UnixFileStatus(UnixFileStatus.CurrentUserId, info.UnixFileMode, kind);
    }

    private static string LinkTarget(string path) => new FileInfo(path).LinkTarget ?? "?";

    private static void Record(List<(string Path, UnixFileStatus Status)>? chain, string path, UnixFileStatus status) => chain?.Add((path, status));

    private static void EnsureWindows(string full, string root)
    {
        Directory.CreateDirectory(full);
        for (var folder = new DirectoryInfo(full); folder is not null && IsSameOrBelow(folder.FullName, root); folder = folder.Parent)
        {
            if ((folder.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw new InvalidOperationException(
                    $"Netperf's state folder '{folder.FullName}' is a link or junction (to '{folder.LinkTarget}'), and Netperf keeps its state only in real folders. " +
                    $"Remove it, or set {NetperfPaths.StateVariable} to a real folder of your own.");
            }
        }
    }

    private static int Depth(string full) => full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool IsSameOrBelow(string path, string root) =>
        string.Equals(path.TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        || path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
