using System.Diagnostics;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

/// <summary>
/// The state folder rule (issue 16 item 6): every folder of Netperf's state is a real folder of the current user, and
/// nothing above it lets another user swap it, in C# and in the POSIX shell function the remote scripts use.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivateFolderTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Under /tmp on purpose: the sticky, world-writable folder where the attack happened.
    private readonly string _tmp = Directory.CreateTempSubdirectory("npr-priv-").FullName;

    [IntegrationFact(Prerequisite.Root)]
    public void Ensure_FolderPreCreatedByAnotherUser_RefusesNamingFolderAndOwner()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var root = Path.Combine(_tmp, "netperf-root");
        Directory.CreateDirectory(Path.Combine(root, "pairs"));
        Chown("nobody", root, Path.Combine(root, "pairs"));

        var error = Assert.Throws<InvalidOperationException>(() => NetperfPaths.EnsurePrivateFolder(Path.Combine(root, "pairs"), root));

        Assert.Contains($"'{root}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
        Assert.Contains("NETPERF_STATE_DIR", error.Message, StringComparison.Ordinal);
        Assert.Equal("nobody", Owner(root));
    }

    [IntegrationFact(Prerequisite.Root)]
    public void Ensure_SubfolderOfAnotherUserInOurRoot_Refuses()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var root = NetperfPaths.EnsurePrivateFolder(Path.Combine(_tmp, "state"));
        var pairs = Path.Combine(root, "pairs");
        Directory.CreateDirectory(pairs);
        Chown("nobody", pairs);

        var error = Assert.Throws<InvalidOperationException>(() => NetperfPaths.EnsurePrivateFolder(Path.Combine(pairs, "p1"), root));

        Assert.Contains($"'{pairs}'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(pairs, "p1")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void Ensure_SymlinkedStateFolder_RefusesAndLeavesTheTargetAlone()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_tmp, "elsewhere")).FullName;
        var root = Path.Combine(_tmp, "netperf-u");
        Directory.CreateSymbolicLink(root, elsewhere);

        var error = Assert.Throws<InvalidOperationException>(() => NetperfPaths.EnsurePrivateFolder(Path.Combine(root, "pairs"), root));

        Assert.Contains($"'{root}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void Ensure_ParentWritableByOthersAndNotSticky_Refuses()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var shared = Directory.CreateDirectory(Path.Combine(_tmp, "shared")).FullName;
        File.SetUnixFileMode(shared, Private | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var error = Assert.Throws<InvalidOperationException>(() => NetperfPaths.EnsurePrivateFolder(Path.Combine(shared, "netperf")));

        Assert.Contains($"'{shared}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0777", error.Message, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void Ensure_UnderStickyTmp_CreatesPrivateFoldersAndTightensOpenOnes()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Path.Combine(_tmp, "netperf-me");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var made = NetperfPaths.EnsurePrivateFolder(Path.Combine(root, "pairs", "p1"), root);

        Assert.Equal(Private, File.GetUnixFileMode(root));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(root, "pairs")));
        Assert.Equal(Private, File.GetUnixFileMode(made));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void EnsureSshdAccepts_FolderUnderTmp_RefusesNamingTmp()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var error = Assert.Throws<InvalidOperationException>(() => PrivateFolder.EnsureSshdAccepts(Path.Combine(_tmp, "peer")));

        Assert.Contains("'/tmp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("StrictModes", error.Message, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void EnsureSshdAccepts_PrivateTestFolder_Passes()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var folder = PrivateTestFolder.Create("npr-priv-");
        try
        {
            PrivateFolder.EnsureSshdAccepts(Path.Combine(folder, "peer"));

            Assert.True(Directory.Exists(Path.Combine(folder, "peer")));
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }

    [IntegrationFact(Prerequisite.Root)]
    public async Task PosixEnsureFunction_FolderOfAnotherUser_ExitsNamingFolderAndOwner()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var root = Path.Combine(_tmp, "netperf-root");
        Directory.CreateDirectory(root);
        Chown("nobody", root);

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1/client && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"'{root}'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nobody", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("made", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "pairs")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_SymlinkedStateFolder_Exits()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_tmp, "elsewhere")).FullName;
        var root = Path.Combine(_tmp, "netperf-u");
        Directory.CreateSymbolicLink(root, elsewhere);

        var result = await RunShellAsync(root, "np_dir \"$r\" apps && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("symbolic link", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_Fresh_MakesEveryFolderPrivate()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Path.Combine(_tmp, "state");

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1/client && echo made");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("made", result.StandardOutput.Trim());
        Assert.Equal(Private, File.GetUnixFileMode(root));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(root, "pairs", "p1", "client")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixShellExpression_NoRuntimeFolder_UsesTheHomeNotTmp()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var home = Directory.CreateDirectory(Path.Combine(_tmp, "home")).FullName;
        var environment = new Dictionary<string, string> { ["NETPERF_STATE_DIR"] = string.Empty, ["XDG_RUNTIME_DIR"] = string.Empty, ["XDG_STATE_HOME"] = string.Empty, ["HOME"] = home };
        await using var shell = new LocalProcessShell(environment: environment);

        var result = await shell.RunAsync(new RemoteCommand { Text = "printf '%s' " + NetperfPaths.PosixShellExpression, Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(home + "/.local/state/netperf", result.StandardOutput.TrimEnd('\n'));
    }

    public void Dispose()
    {
        if (OperatingSystem.IsLinux())
        {
            // Give everything back to us first: a folder owned by nobody in a folder of ours is still ours to remove.
            Process.Start("chown", ["-R", "-h", Environment.UserName, _tmp])?.WaitForExit();
        }

        Directory.Delete(_tmp, recursive: true);
    }

    private static void Chown(string user, params string[] paths)
    {
        using var chown = Process.Start("chown", [user, .. paths])!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }

    private static async Task<RemoteCommandResult> RunShellAsync(string root, string script)
    {
        await using var shell = new LocalProcessShell();
        return await shell.RunAsync(new RemoteCommand
        {
            Text = NetperfPaths.PosixEnsureFunction + "r=" + ShellQuotePosix(root) + "\n" + script + "\n",
            Timeout = TimeSpan.FromSeconds(30),
        });
    }

    private static string ShellQuotePosix(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
