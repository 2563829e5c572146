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
    public async Task PosixEnsureFunction_ParentWritableByOthersAndNotSticky_ExitsNamingFolderAndMode()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var shared = Directory.CreateDirectory(Path.Combine(_tmp, "shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);

        var result = await RunShellAsync(Path.Combine(shared, "netperf"), "np_dir \"$r\" pairs && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"'{shared}'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("mode 777", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(shared, "netperf")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_OpenStateFolders_TightensEachTo700()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Path.Combine(_tmp, "netperf-me");
        Directory.CreateDirectory(Path.Combine(root, "pairs"));
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.Combine(root, "pairs"), (UnixFileMode)0b111_101_000);

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1 && echo made");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(Private, File.GetUnixFileMode(root));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(root, "pairs")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(root, "pairs", "p1")));
    }

    [IntegrationFact(Prerequisite.Root)]
    public async Task PosixEnsureFunction_SubfolderOfAnotherUserInOurRoot_ExitsAndMakesNothingInIt()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var root = Path.Combine(_tmp, "state");
        var pairs = Directory.CreateDirectory(Path.Combine(root, "pairs")).FullName;
        File.SetUnixFileMode(root, Private);
        File.SetUnixFileMode(pairs, (UnixFileMode)0b111_111_111);
        Chown("nobody", pairs);

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1/client && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"'{pairs}'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("owner nobody", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(pairs));
    }

    [IntegrationFact(Prerequisite.Root)]
    public async Task PosixEnsureFunction_LinkAboveStateFolderOwnedByAnotherUser_Exits()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var target = Directory.CreateDirectory(Path.Combine(_tmp, "target")).FullName;
        var link = Path.Combine(_tmp, "via");
        Directory.CreateSymbolicLink(link, target);
        Process.Start("chown", ["-h", "nobody", link])!.WaitForExit();

        var result = await RunShellAsync(Path.Combine(link, "netperf"), "np_dir \"$r\" pairs && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"'{link}'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("symbolic link owned by nobody, not root", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [IntegrationFact(Prerequisite.Root)]
    public async Task PosixEnsureFunction_LinkAboveStateFolderOwnedByRoot_MakesTheFoldersThroughIt()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var target = Directory.CreateDirectory(Path.Combine(_tmp, "target")).FullName;
        var link = Path.Combine(_tmp, "via");
        Directory.CreateSymbolicLink(link, target);

        var result = await RunShellAsync(Path.Combine(link, "netperf"), "np_dir \"$r\" pairs && echo made");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(target, "netperf", "pairs")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_FileOnTheWay_ExitsNotAFolder()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Path.Combine(_tmp, "state");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, Private);
        File.WriteAllText(Path.Combine(root, "pairs"), "not a folder");

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1 && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"'{root}/pairs' on the way to Netperf's state folder is not a folder", result.StandardError, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_RelativeStateFolder_ExitsAskingForAnAbsolutePath()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var result = await RunShellAsync("relative/netperf", "np_dir \"$r\" pairs && echo made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'relative/netperf' is not an absolute path", result.StandardError, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_ExistingPrivateFolders_StartsOneStatAndNothingElse()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Path.Combine(_tmp, "state");
        Assert.Equal(0, (await RunShellAsync(root, "np_dir \"$r\" pairs/p1/client")).ExitCode);
        var log = Path.Combine(_tmp, "programs.log");

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1/client && echo made", Shims(log));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(["stat"], File.ReadAllLines(log));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_MissingUnderAPrivateFolder_MakesThemWithOneMkdir()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var log = Path.Combine(_tmp, "programs.log");

        var result = await RunShellAsync(Path.Combine(_tmp, "state"), "np_dir \"$r\" pairs/p1/client && echo made", Shims(log));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(["stat", "mkdir", "stat"], File.ReadAllLines(log));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(_tmp, "state", "pairs", "p1", "client")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_MissingUnderAStickyOpenFolder_MakesAndChecksTheFirstAloneBeforeTheRest()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var sticky = Directory.CreateDirectory(Path.Combine(_tmp, "sticky")).FullName;
        File.SetUnixFileMode(sticky, (UnixFileMode)0b1_111_111_111);
        var log = Path.Combine(_tmp, "programs.log");

        var result = await RunShellAsync(Path.Combine(sticky, "state"), "np_dir \"$r\" pairs/p1 && echo made", Shims(log));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(["stat", "mkdir", "stat", "mkdir", "stat"], File.ReadAllLines(log));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(sticky, "state", "pairs", "p1")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PosixEnsureFunction_SameFoldersTwiceInOneScript_ChecksThemOnce()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Path.Combine(_tmp, "state");
        var log = Path.Combine(_tmp, "programs.log");

        var result = await RunShellAsync(root, "np_dir \"$r\" pairs/p1 && : > " + ShellQuotePosix(log) + " && np_dir \"$r\" pairs/p1 && echo made", Shims(log));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("made", result.StandardOutput.Trim());
        Assert.Empty(File.ReadAllLines(log));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.BusyBox)]
    public async Task PosixEnsureFunction_BusyBoxShellAndStat_MakesPrivateFoldersAndRefusesALink()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.BusyBox);
        var applets = Directory.CreateDirectory(Path.Combine(_tmp, "busybox")).FullName;
        foreach (var applet in new[] { "stat", "mkdir", "chmod", "id" })
        {
            File.CreateSymbolicLink(Path.Combine(applets, applet), Prerequisites.FindExecutable("busybox")!);
        }

        var elsewhere = Directory.CreateDirectory(Path.Combine(_tmp, "elsewhere")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_tmp, "linked"), elsewhere);
        var script = Path.Combine(_tmp, "np.sh");
        File.WriteAllText(script, NetperfPaths.PosixEnsureFunction
            + $"np_dir {ShellQuotePosix(Path.Combine(_tmp, "state"))} pairs/p1/client && echo made\n"
            + $"np_dir {ShellQuotePosix(Path.Combine(_tmp, "linked"))} pairs || echo refused\n");

        await using var shell = new LocalProcessShell();
        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = $"PATH={ShellQuotePosix(applets)}:\"$PATH\" exec busybox sh {ShellQuotePosix(script)}",
            Timeout = TimeSpan.FromSeconds(30),
        });

        Assert.Equal("made\nrefused\n", result.StandardOutput);
        Assert.Contains("a symbolic link", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(_tmp, "state")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(_tmp, "state", "pairs", "p1", "client")));
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
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

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("state", "", "", "home")]
    [InlineData("", "runtime", "", "home")]
    [InlineData("", "missing", "/var/lib/xdg/", "home")]
    [InlineData("", "", "relative", "home")]
    [InlineData("", "", "", "missing")]
    [InlineData("", "", "", "")]
    public async Task PosixStateRootAssignment_Environment_SetsWhatTheExpressionPrints(string stateDir, string runtime, string stateHome, string home)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        Directory.CreateDirectory(Path.Combine(_tmp, "runtime"));
        Directory.CreateDirectory(Path.Combine(_tmp, "home"));
        string In(string name) => name.Length == 0 || name.StartsWith('/') || name == "relative" ? name : Path.Combine(_tmp, name);
        var environment = new Dictionary<string, string>
        {
            ["NETPERF_STATE_DIR"] = In(stateDir), ["XDG_RUNTIME_DIR"] = In(runtime), ["XDG_STATE_HOME"] = In(stateHome), ["HOME"] = In(home), ["TMPDIR"] = _tmp,
        };
        await using var shell = new LocalProcessShell(environment: environment);

        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = "printf '%s|' " + NetperfPaths.PosixShellExpression + "\n" + NetperfPaths.PosixStateRootAssignment("x") + "\nprintf '%s' \"$x\"\n",
            Timeout = TimeSpan.FromSeconds(30),
        });

        var halves = result.StandardOutput.TrimEnd('\n').Split('|');
        Assert.Equal(2, halves.Length);
        Assert.NotEqual(string.Empty, halves[0]);
        Assert.Equal(halves[0], halves[1]);
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

    /// <summary>PATH with wrappers first that log each small program the function starts, then run the real one.</summary>
    private Dictionary<string, string> Shims(string log)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_tmp, "shims")).FullName;
        foreach (var program in new[] { "stat", "chmod", "mkdir", "id" })
        {
            var real = Prerequisites.FindExecutable(program)!;
            File.WriteAllText(Path.Combine(folder, program), $"#!/bin/sh\necho {program} >> {ShellQuotePosix(log)}\nexec {ShellQuotePosix(real)} \"$@\"\n");
            File.SetUnixFileMode(Path.Combine(folder, program), (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(log, string.Empty);
        return new Dictionary<string, string> { ["PATH"] = folder + ":" + Environment.GetEnvironmentVariable("PATH") };
    }

    private static async Task<RemoteCommandResult> RunShellAsync(string root, string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var shell = new LocalProcessShell(environment: environment);
        return await shell.RunAsync(new RemoteCommand
        {
            Text = NetperfPaths.PosixEnsureFunction + "r=" + ShellQuotePosix(root) + "\n" + script + "\n",
            Timeout = TimeSpan.FromSeconds(30),
        });
    }

    private static string ShellQuotePosix(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
