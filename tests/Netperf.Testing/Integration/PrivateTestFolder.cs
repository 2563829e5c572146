namespace Netperf.Testing.Integration;

/// <summary>
/// Private folders (mode 0700) for tests whose files an sshd reads (authorized_keys): under <c>$XDG_RUNTIME_DIR</c> when
/// set, else <c>~/.local/state/netperf-tests</c>, never under <c>/tmp</c>, because OpenSSH's StrictModes refuses key files
/// below any folder others may write. Paths stay short: ssh's control sockets live under them (at most 107 bytes).
/// </summary>
public static class PrivateTestFolder
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The folder that holds the tests' private folders.</summary>
    public static string Base
    {
        get
        {
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            return !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime)
                ? Path.Combine(runtime, "netperf-tests")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "netperf-tests");
        }
    }

    /// <summary>Creates a new private folder named <paramref name="prefix"/> and 8 random hex digits.</summary>
    /// <param name="prefix">The start of the folder's name.</param>
    /// <returns>The folder's full path.</returns>
    public static string Create(string prefix)
    {
        var path = Path.Combine(Base, prefix + Guid.NewGuid().ToString("N")[..8]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, Private);
        }

        return path;
    }

    /// <summary>Deletes a folder made by <see cref="Create"/>, and <see cref="Base"/> when nothing else is left in it.</summary>
    /// <param name="path">The folder.</param>
    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        try
        {
            Directory.Delete(Base);
        }
        catch (IOException)
        {
            // Another test's folder is still there (or the base is gone already).
        }
    }
}
