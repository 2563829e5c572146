using System.Text.Json;
using Netperf.Testing.Integration;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// <c>netperf exec</c> and <c>pairs create --shell pwsh</c> through the real <c>netperf</c> process, on local pairs made
/// by an earlier <c>pairs create</c> (another process).
/// </summary>
public sealed class ExecCommandTests
{
    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task Exec_OnPeer_RunsOnNetperfPeerAndExitsWithTheCommandsExitCode()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        await using var cli = new PairsCli();
        var id = await CreateAsync(cli);
        try
        {
            // NETPERF_PAIR is set only in sessions of the pair's own sshd: the command ran on netperf-peer.
            var (exit, stdout, stderr) = await cli.RunAsync("exec", id, "--", "sh", "-c", "echo \"pair=$NETPERF_PAIR\"; echo oops >&2; exit 7");

            Assert.True(exit == 7, $"exit {exit}\n{stderr}");
            Assert.Equal($"pair={id}", stdout.Trim());
            Assert.Contains("oops", stderr, StringComparison.Ordinal);
        }
        finally
        {
            await cli.RunAsync("pairs", "delete", id, "--env", "local");
        }
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task Exec_UnknownPair_Exits3NamingIt()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        await using var cli = new PairsCli();

        var (exit, stdout, stderr) = await cli.RunAsync("exec", "np-nosuchpair", "--env", "local", "--", "true");

        Assert.Equal(3, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("error: no pair 'np-nosuchpair' in local.", stderr.Trim(), StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task Exec_OnClientOfAPowerShellPair_InvokeCommandFilePathAndEnterPSSessionNeedNoExtraArguments()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh, Prerequisite.Pwsh);
        await using var cli = new PairsCli();
        cli.With("PATH", Environment.GetEnvironmentVariable("PATH") + ":" + Path.GetDirectoryName(Prerequisites.FindPwsh()));
        var id = await CreateAsync(cli, "--shell", "pwsh");
        try
        {
            // The user's script in the working folder, run on netperf-peer with -HostName and -FilePath only.
            await File.WriteAllTextAsync(Path.Combine(cli.Root, "prepare-machine.ps1"), "\"prepared=$env:NETPERF_PAIR\"\n");
            var (exit, stdout, stderr) = await cli.RunAsync(
                "exec", id, "--on", "client", "--", "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "Invoke-Command -HostName netperf-peer -FilePath ./prepare-machine.ps1");
            Assert.True(exit == 0, $"exit {exit}\n{stderr}");
            Assert.Equal($"prepared={id}", stdout.Trim());

            // Enter-PSSession, as typed at the client's prompt: the commands after it run on the peer.
            var session = "Enter-PSSession -HostName netperf-peer\n\"entered=$env:NETPERF_PAIR\"\nExit-PSSession\n";
            await File.WriteAllTextAsync(Path.Combine(cli.Root, "session.ps1"), session);
            (exit, stdout, stderr) = await cli.RunAsync("exec", id, "--on", "client", "--", "sh", "-c", "pwsh -NoLogo -NoProfile -Command - < session.ps1");
            Assert.True(exit == 0, $"exit {exit}\n{stderr}");
            Assert.Contains($"entered={id}", stdout, StringComparison.Ordinal);
        }
        finally
        {
            await cli.RunAsync("pairs", "delete", id, "--env", "local");
        }
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task PairsCreate_ShellPwshWhereThisMachineHasNoPwsh_Exits2BeforeCreatingAnything()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        await using var cli = new PairsCli();

        // This machine without PowerShell: no pwsh on PATH and a home without the .NET tool.
        var path = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Where(d => d.Length > 0 && !File.Exists(Path.Combine(d, "pwsh"))));
        var home = Directory.CreateDirectory(Path.Combine(cli.Root, "home")).FullName;
        cli.With("PATH", path).With("HOME", home).With("DOTNET_CLI_HOME", home);

        var (exit, stdout, stderr) = await cli.RunAsync("pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--shell", "pwsh");

        Assert.True(exit == 2, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Empty(stdout);
        Assert.Contains("error: PowerShell 7 was asked for, but the local environment's image (this machine) has no pwsh", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Trying again", stderr, StringComparison.Ordinal);
        Assert.Empty(cli.PairEntries());
    }

    private static async Task<string> CreateAsync(PairsCli cli, params string[] extra)
    {
        var (exit, stdout, stderr) = await cli.RunAsync(["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--json", .. extra]);
        Assert.True(exit == 0, $"pairs create: exit {exit}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement[0].GetProperty("id").GetString()!;
    }
}
