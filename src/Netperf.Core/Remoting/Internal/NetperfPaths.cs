using System.Security.Cryptography;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// The private state folder of Netperf on this machine: <c>$NETPERF_STATE_DIR</c> when set (a provider
/// that keeps its pairs elsewhere sets it for its client's commands), else <c>$XDG_RUNTIME_DIR/netperf</c> when that
/// exists, else <c>$TMPDIR/netperf-&lt;user&gt;</c> (mode 0700); <c>%LOCALAPPDATA%\netperf</c> on Windows.
/// The bootstrapper computes the same folder on remote Linux machines with <see cref="PosixShellExpression"/>.
/// </summary>
internal static class NetperfPaths
{
    /// <summary>The same rule as <see cref="StateRoot"/>, as a POSIX shell expression.</summary>
    public const string PosixShellExpression =
        "$(if [ -n \"${NETPERF_STATE_DIR:-}\" ]; then printf '%s' \"$NETPERF_STATE_DIR\"; elif [ -n \"${XDG_RUNTIME_DIR:-}\" ] && [ -d \"$XDG_RUNTIME_DIR\" ]; then printf '%s/netperf' \"$XDG_RUNTIME_DIR\"; else printf '%s/netperf-%s' \"${TMPDIR:-/tmp}\" \"$(id -un)\"; fi)";

    /// <summary>The same rule as <see cref="StateRoot"/>, as a PowerShell expression (Windows).</summary>
    public const string PowerShellExpression = "$(if ($env:NETPERF_STATE_DIR) { $env:NETPERF_STATE_DIR } else { Join-Path $env:LOCALAPPDATA 'netperf' })";

    /// <summary>The variable that overrides the state folder.</summary>
    public const string StateVariable = "NETPERF_STATE_DIR";

    public const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string StateRoot()
    {
        var configured = Environment.GetEnvironmentVariable(StateVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "netperf");
        }

        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && Directory.Exists(runtime))
        {
            return Path.Combine(runtime, "netperf");
        }

        var temp = Environment.GetEnvironmentVariable("TMPDIR");
        return Path.Combine(string.IsNullOrEmpty(temp) ? "/tmp" : temp, "netperf-" + Environment.UserName);
    }

    /// <summary>Creates (or checks) a folder only the current user can enter.</summary>
    public static string EnsurePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, PrivateFolderMode);
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
        {
            File.SetUnixFileMode(path, PrivateFolderMode);
        }

        return path;
    }

    /// <summary>Writes a file atomically with mode 0600 (write to a temporary name, then rename).</summary>
    public static void WritePrivateFile(string path, string contents)
    {
        var temp = path + ".tmp-" + RandomSuffix();
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(temp, contents);
        }
        else
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFileMode }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    public static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
