using System.Text;
using Netperf.Azure.Tests.Support;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Azure.Tests.Remoting;

/// <summary>
/// The Run Command shell's real scripts (the wrapper, the chunk reader, the copies), run by real bash or PowerShell 7
/// in place of a VM, behind the fake's 4 KB tail and its misreported exit codes.
/// </summary>
public sealed class AzureRunCommandShellScriptTests
{
    [Fact]
    public async Task Bash_LongOutputErrorAndExitCode_ComeBackWhole()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var guest = new LocalScriptGuest(host.Pump);
        host.Fake.GuestHandler = guest.HandleAsync;

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand
        {
            Text = "for i in $(seq 1 2000); do echo \"out $i\"; done\nfor i in $(seq 1 700); do echo \"err $i\" >&2; done\nexit 7",
        });

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(string.Concat(Enumerable.Range(1, 2000).Select(i => $"out {i}\n")), result.StandardOutput);
        Assert.Equal(string.Concat(Enumerable.Range(1, 700).Select(i => $"err {i}\n")), result.StandardError);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task Bash_ArmMisreportsTheExitCode_TheWrappersMarkerWins()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        host.Fake.GuestHandler = new LocalScriptGuest(host.Pump).HandleAsync;
        host.Fake.Faults.MisreportRunCommands(new Netperf.Testing.Arm.RunCommandReport("Failed", 3, KeepOutput: true));

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "echo fine\nexit 5" });

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("fine\n", result.StandardOutput);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task Bash_CopyToThenCopyFrom_RoundTripsAFileLargerThanTheTailWithAQuoteInItsPath()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        host.Fake.GuestHandler = new LocalScriptGuest(host.Pump).HandleAsync;
        var folder = Directory.CreateTempSubdirectory("netperf-guest-");
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1500).Select(i => $"{i}: {Convert.ToHexString(BitConverter.GetBytes(i * 7919))}\n")));
        var random = new byte[12 * 1024];
        new Random(3).NextBytes(random);
        content = [.. content, .. random];
        var local = Path.Combine(folder.FullName, "local.bin");
        var back = Path.Combine(folder.FullName, "back.bin");
        var remote = Path.Combine(folder.FullName, "it's remote $(touch pwned).bin");
        await File.WriteAllBytesAsync(local, content);

        try
        {
            await pair.Client.Shell.CopyToAsync(local, remote);
            await pair.Client.Shell.CopyFromAsync(remote, back);

            Assert.Equal(content, await File.ReadAllBytesAsync(remote));
            Assert.Equal(content, await File.ReadAllBytesAsync(back));
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "pwned")));
            Assert.False(File.Exists("pwned"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task Bash_SecretsAndStandardInput_ReachTheScriptButNotItsText()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var scripts = new List<string>();
        var guest = new LocalScriptGuest(host.Pump);
        host.Fake.GuestHandler = (command, token) =>
        {
            lock (scripts)
            {
                scripts.Add(command.Script);
            }

            return guest.HandleAsync(command, token);
        };
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand
        {
            Text = $"read -r line; echo \"got $line\"; [ \"{secret}\" = \"$line\" ] && echo same",
            StandardInput = secret + "\n",
            Secrets = [secret],
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"got {secret}\nsame\n", result.StandardOutput);
        Assert.All(scripts, s => Assert.DoesNotContain(secret, s, StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [IntegrationFact(Prerequisite.Pwsh)]
    public async Task PowerShell_LongOutputExitCodeAndCopies_WorkOnAWindowsMachine()
    {
        Prerequisites.Ensure(Prerequisite.Pwsh);
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-2022"));
        host.Fake.GuestHandler = new LocalScriptGuest(host.Pump).HandleAsync;
        var folder = Directory.CreateTempSubdirectory("netperf-guest-");
        var local = Path.Combine(folder.FullName, "local.bin");
        var back = Path.Combine(folder.FullName, "back.bin");
        var content = new byte[8 * 1024];
        new Random(5).NextBytes(content);
        await File.WriteAllBytesAsync(local, content);

        try
        {
            var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "1..900 | ForEach-Object { \"line $_\" }\nexit 4" });
            await pair.Client.Shell.CopyToAsync(local, Path.Combine(folder.FullName, "remote.bin"));
            await pair.Client.Shell.CopyFromAsync(Path.Combine(folder.FullName, "remote.bin"), back);

            Assert.Equal(4, result.ExitCode);
            Assert.Equal(string.Concat(Enumerable.Range(1, 900).Select(i => $"line {i}\n")), result.StandardOutput.Replace("\r\n", "\n", StringComparison.Ordinal));
            Assert.Equal(content, await File.ReadAllBytesAsync(back));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        await host.Provider.DeletePairAsync(pair.Id);
    }
}
