using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Bootstrapping;

/// <summary>
/// The POSIX bootstrap scripts run by the real <c>/bin/sh</c> against a private test folder: what they leave on disk and
/// print, whatever shell builtins they use in place of small programs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PosixBootstrapScriptsShellTests : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ netperf-pair-p1";
    private const string Other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOtherOth someone";

    private readonly string _folder = PrivateTestFolder.Create("npr-boot-");

    private string State => Path.Combine(_folder, "state");

    private string Client => Path.Combine(State, "pairs", "p1", "client");

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task PrepareClientKey_RunTwice_KeepsOnePrivateKeyAndPrintsItsPublicLine()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);

        var first = await RunAsync(PosixBootstrapScripts.Instance.PrepareClientKey("p1"));
        File.SetUnixFileMode(Path.Combine(Client, "id_ed25519"), (UnixFileMode)0b110_100_100);
        var second = await RunAsync(PosixBootstrapScripts.Instance.PrepareClientKey("p1"));

        var publicLine = File.ReadAllText(Path.Combine(Client, "id_ed25519.pub")).TrimEnd('\n');
        Assert.Equal($"folder={Client}\npub={publicLine}\n", first.StandardOutput);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        Assert.StartsWith("ssh-ed25519 ", publicLine, StringComparison.Ordinal);
        Assert.EndsWith(" netperf-pair-p1", publicLine, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Client, "id_ed25519")));
        Assert.Equal(NetperfPathsMode, File.GetUnixFileMode(Client));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task PrepareClientKey_EmptyPublicKey_MakesANewKey()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        var first = await RunAsync(PosixBootstrapScripts.Instance.PrepareClientKey("p1"));
        File.WriteAllText(Path.Combine(Client, "id_ed25519.pub"), string.Empty);

        var second = await RunAsync(PosixBootstrapScripts.Instance.PrepareClientKey("p1"));

        Assert.NotEqual(first.StandardOutput, second.StandardOutput);
        Assert.Contains("pub=" + File.ReadAllText(Path.Combine(Client, "id_ed25519.pub")).TrimEnd('\n') + "\n", second.StandardOutput, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task InstallKey_RunTwiceIntoAMissingFolder_AuthorizesTheKeyOnceWithMode600()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var keys = Path.Combine(_folder, "peer", "ssh", "authorized_keys");

        var first = await RunAsync(PosixBootstrapScripts.Instance.InstallKey(Key), ("NETPERF_AUTHORIZED_KEYS", keys));
        var second = await RunAsync(PosixBootstrapScripts.Instance.InstallKey(Key), ("NETPERF_AUTHORIZED_KEYS", keys));

        Assert.Equal(Key + "\n", File.ReadAllText(keys));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys));
        Assert.Equal($"user={Environment.UserName}\n", first.StandardOutput);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task InstallKey_KeyAsLastLineWithoutNewline_IsNotAddedAgain()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var keys = Path.Combine(_folder, "authorized_keys");
        File.WriteAllText(keys, Other + "\n" + Key);
        File.SetUnixFileMode(keys, (UnixFileMode)0b110_100_100);

        await RunAsync(PosixBootstrapScripts.Instance.InstallKey(Key), ("NETPERF_AUTHORIZED_KEYS", keys));

        Assert.Equal(Other + "\n" + Key, File.ReadAllText(keys));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task InstallKey_OtherKeysAndAPrefixOfTheKey_AppendsTheWholeKey()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var keys = Path.Combine(_folder, "authorized_keys");
        File.WriteAllText(keys, Other + "\n" + Key[..^3] + "\n");

        await RunAsync(PosixBootstrapScripts.Instance.InstallKey(Key), ("NETPERF_AUTHORIZED_KEYS", keys));

        Assert.Equal(Other + "\n" + Key[..^3] + "\n" + Key + "\n", File.ReadAllText(keys));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ListHostKeys_ReadableKeys_PrintsEachFirstLineAndSkipsMissing()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var a = Path.Combine(_folder, "a.pub");
        var b = Path.Combine(_folder, "b.pub");
        File.WriteAllText(a, Key + "\n");
        File.WriteAllText(b, Other);

        var result = await RunAsync(PosixBootstrapScripts.Instance.ListHostKeys(), ("NETPERF_HOST_KEYS", $"{a} {Path.Combine(_folder, "none.pub")} {b}"));

        Assert.Equal($"hostkey={Key}\nhostkey={Other}\n", result.StandardOutput);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task WriteKnownHostsAndAlias_FreshPair_WritesKnownHostsConfigAndSshWrapper()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var scripts = PosixBootstrapScripts.Instance;

        var result = await RunAsync(
            scripts.WriteKnownHosts("p1", ["[10.0.0.5]:2222 " + Key]) + scripts.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5:2222"), "runner", editHostsFile: false));

        Assert.Equal($"config={Client}/ssh_config\n", result.StandardOutput);
        Assert.Equal("[10.0.0.5]:2222 " + Key + "\n", File.ReadAllText(Path.Combine(Client, "known_hosts")));
        Assert.Equal(
            $"Host netperf-peer\n  HostName 10.0.0.5\n  Port 2222\n  User runner\n  IdentityFile {Client}/id_ed25519\n  IdentitiesOnly yes\n"
            + $"  UserKnownHostsFile {Client}/known_hosts\n  GlobalKnownHostsFile none\n  StrictHostKeyChecking yes\n"
            + "  BatchMode yes\n  PasswordAuthentication no\n  ConnectTimeout 10\n  LogLevel ERROR\n",
            File.ReadAllText(Path.Combine(Client, "ssh_config")));
        var ssh = Prerequisites.FindExecutable("ssh") ?? "/usr/bin/ssh";
        Assert.Equal(
            $"#!/bin/sh\n# netperf pair p1: ssh with the pair's own ssh_config (netperf-peer, its key, its pinned known_hosts)\nexec \"{ssh}\" -F \"{Client}/ssh_config\" \"$@\"\n",
            File.ReadAllText(Path.Combine(Client, "bin", "ssh")));
        Assert.Equal(NetperfPathsMode, File.GetUnixFileMode(Path.Combine(Client, "bin", "ssh")));
        Assert.Equal(NetperfPathsMode, File.GetUnixFileMode(Path.Combine(Client, "bin")));
        Assert.Empty(Directory.GetFiles(Client, "*.tmp", SearchOption.AllDirectories));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task WriteAlias_KeyExchange_EndsTheConfigWithKexAlgorithms()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        await RunAsync(PosixBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5"), "runner", editHostsFile: false, SshKeyExchange.HostLocal));

        Assert.EndsWith("  LogLevel ERROR\n  KexAlgorithms " + SshKeyExchange.HostLocal + "\n", File.ReadAllText(Path.Combine(Client, "ssh_config")), StringComparison.Ordinal);
    }

    public void Dispose() => PrivateTestFolder.Delete(_folder);

    private static UnixFileMode NetperfPathsMode => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private async Task<RemoteCommandResult> RunAsync(string script, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        variables["NETPERF_STATE_DIR"] = State;
        await using var shell = new LocalProcessShell(environment: variables);
        var result = await shell.RunAsync(new RemoteCommand { Text = script, Timeout = TimeSpan.FromSeconds(30) });
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        return result;
    }
}
