using System.Text.Json;
using Netperf.Testing.Integration;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// <c>netperf exec</c> through the real <c>netperf</c> process on a single-machine lab pair made by an earlier
/// <c>pairs create --env lab</c> (another process): the VMs are network namespaces, so <c>ip netns identify</c> names the
/// VM a command ran in. Run as root, under the integration lock (the lab's state folder is shared).
/// </summary>
public sealed class ExecLabTests
{
    private static readonly Prerequisite[] Needs = [Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh];

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task Exec_LabPairFromAnotherProcess_RunsOnPeerAndClientWithExitCodesAndTimeout()
    {
        Prerequisites.Ensure(Needs);
        await using var cli = new PairsCli();
        cli.With("Netperf__Lab__SingleMachine", "true");
        var (created, json, createErr) = await cli.RunAsync("pairs", "create", "--env", "lab", "--os", "ubuntu-24.04", "--json");
        Assert.True(created == 0, $"pairs create: exit {created}\n{createErr}");
        using var document = JsonDocument.Parse(json);
        var pair = document.RootElement[0];
        var id = pair.GetProperty("id").GetString()!;
        var clientVm = pair.GetProperty("client").GetProperty("name").GetString()!;
        var peerVm = pair.GetProperty("peer").GetProperty("name").GetString()!;
        try
        {
            // On the peer (the default), reached from the client over the pair's ssh: its namespace, its stderr, its exit code.
            var (exit, stdout, stderr) = await cli.RunAsync("exec", id, "--env", "lab", "--", "sh", "-c", "ip netns identify; echo oops >&2; exit 7");
            Assert.True(exit == 7, $"exit {exit}\n{stderr}");
            Assert.Equal(peerVm, stdout.Trim());
            Assert.Contains("oops", stderr, StringComparison.Ordinal);

            // On the client, with the pair's netperf-peer alias in effect: plain `ssh netperf-peer` reaches the peer.
            (exit, stdout, stderr) = await cli.RunAsync("exec", id, "--env", "lab", "--on", "client", "--", "sh", "-c", "ip netns identify && ssh netperf-peer ip netns identify");
            Assert.True(exit == 0, $"exit {exit}\n{stderr}");
            Assert.Equal([clientVm, peerVm], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

            // The environment is found by listing when --env is left out; --timeout stops the command with 124.
            (exit, stdout, stderr) = await cli.RunAsync("exec", id, "--timeout", "2s", "--", "sleep", "60");
            Assert.True(exit == 124, $"exit {exit}\n{stderr}");
            Assert.Contains($"error: the command on {peerVm} was stopped after 2s (--timeout).", stderr, StringComparison.Ordinal);
        }
        finally
        {
            var (deleted, _, deleteErr) = await cli.RunAsync("pairs", "delete", id, "--env", "lab");
            Assert.True(deleted == 0, $"pairs delete: exit {deleted}\n{deleteErr}");
        }

        var (listed, list, _) = await cli.RunAsync("pairs", "list", "--env", "lab", "--json");
        Assert.Equal(0, listed);
        Assert.DoesNotContain(id, list, StringComparison.Ordinal);
    }
}
