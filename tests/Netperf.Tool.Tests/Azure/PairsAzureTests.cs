using System.Text.Json;
using Netperf.Testing.Arm;

namespace Netperf.Tool.Tests.Azure;

/// <summary>The <c>netperf</c> tool against the ARM fake, configured only through environment variables.</summary>
public sealed class PairsAzureTests
{
    [Fact]
    public async Task PairsCreateAndDelete_AgainstTheFake_MakesAReadyPairAndLeavesNothing()
    {
        // A child process cannot share a fake clock: the fake models no waits.
        await using var fake = await FakeArmServer.StartAsync();
        fake.Behaviours.UseInstantTiming();
        var guests = new BootstrapGuestSimulator();
        fake.GuestHandler = guests.HandleAsync;

        var (create, createOut, createErr) = await RunCliAsync(fake, "pairs", "create", "--env", "azure", "--os", "ubuntu-24.04", "--json");

        Assert.True(create == 0, $"exit {create}: {createErr}");
        using var json = JsonDocument.Parse(createOut);
        var pair = json.RootElement[0];
        Assert.True(pair.GetProperty("ready").GetBoolean());
        Assert.Equal("azure", pair.GetProperty("environment").GetString());
        Assert.True(fake.TokenRequests >= 1, "the CLI must authenticate through the fake's token endpoint");
        Assert.Contains(fake.State.ResourceGroups, g => g.Name.EndsWith(pair.GetProperty("id").GetString()!, StringComparison.Ordinal));

        var (delete, _, deleteErr) = await RunCliAsync(fake, "pairs", "delete", pair.GetProperty("id").GetString()!, "--env", "azure");

        Assert.True(delete == 0, $"exit {delete}: {deleteErr}");
        Assert.True(fake.IsEmpty, fake.DescribeState());
    }

    [Fact]
    public async Task Exec_AzurePairMadeByAnEarlierProcess_RunsThroughTheChosenVmsRunCommandWithItsExitCode()
    {
        await using var fake = await FakeArmServer.StartAsync();
        fake.Behaviours.UseInstantTiming();
        fake.GuestHandler = new BootstrapGuestSimulator().HandleAsync;
        var (create, createOut, createErr) = await RunCliAsync(fake, "pairs", "create", "--env", "azure", "--os", "ubuntu-24.04", "--json");
        Assert.True(create == 0, $"exit {create}: {createErr}");
        using var json = JsonDocument.Parse(createOut);
        var id = json.RootElement[0].GetProperty("id").GetString()!;
        var client = json.RootElement[0].GetProperty("client").GetProperty("name").GetString()!;
        var peer = json.RootElement[0].GetProperty("peer").GetProperty("name").GetString()!;

        // The VMs answer each command as a shell would: the script Run Command unwraps is the command's quoted words.
        var scripts = new System.Collections.Concurrent.ConcurrentQueue<(string Vm, string Script)>();
        fake.GuestHandler = new RunCommandWrapperGuest((command, _) =>
        {
            scripts.Enqueue((command.VmName, command.Script.Trim()));
            return Task.FromResult(command.Script.Contains("exit 7", StringComparison.Ordinal) ? new GuestResult(7, "ran on " + command.VmName, "oops") : new GuestResult(0, "ran on " + command.VmName));
        }).HandleAsync;

        var (onPeer, peerOut, peerErr) = await RunCliAsync(fake, "exec", id, "--env", "azure", "--", "sh", "-c", "echo hi; exit 7");
        var (onClient, clientOut, clientErr) = await RunCliAsync(fake, "exec", id, "--on", "client", "--", "uname", "-a");

        Assert.True(onPeer == 7, $"exit {onPeer}: {peerErr}");
        Assert.Equal(("ran on " + peer, "oops"), (peerOut.Trim(), peerErr.Trim()));
        Assert.True(onClient == 0, $"exit {onClient}: {clientErr}");
        Assert.Equal("ran on " + client, clientOut.Trim());
        Assert.Equal([(peer, "sh -c 'echo hi; exit 7'"), (client, "uname -a")], scripts.ToList());

        var (delete, _, deleteErr) = await RunCliAsync(fake, "pairs", "delete", id, "--env", "azure");
        Assert.True(delete == 0, $"exit {delete}: {deleteErr}");
        Assert.True(fake.IsEmpty, fake.DescribeState());
    }

    private static Task<(int Exit, string Out, string Err)> RunCliAsync(FakeArmServer fake, params string[] args) =>
        AzureCli.RunAsync(AzureCli.Settings(fake), TimeSpan.FromMinutes(3), args);
}
