using System.Text.Json;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// Two real <c>netperf pairs create --env lab</c> processes on the single-machine lab at once: nothing in memory keeps
/// them apart, only the host's state folder and its lock, so each must still get names and addresses of its own.
/// </summary>
public sealed class PairsCreateLabProcessesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task Create_TwoLabProcessesAtOnce_EachPairHasItsOwnNamesAndAddressesBothReadyAndDeleteLeavesNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        await using var cli = new PairsCli();
        cli.With("Netperf__Lab__SingleMachine", "true");
        string[] create = ["pairs", "create", "--env", "lab", "--os", "ubuntu-24.04", "--owner", "two-processes", "--ttl", "10m", "--json"];

        var first = cli.Start(create);
        var second = cli.Start(create);
        var exits = await Task.WhenAll(first.WaitForExitAsync(Patience), second.WaitForExitAsync(Patience));

        var pairs = new List<JsonElement>();
        try
        {
            foreach (var (process, exit) in new[] { first, second }.Zip(exits))
            {
                if (exit == 0)
                {
                    pairs.AddRange(JsonDocument.Parse(process.StandardOutput).RootElement.EnumerateArray().Select(p => p.Clone()));
                }
            }

            Assert.True(exits.All(e => e == 0), $"exits {string.Join(", ", exits)}:\n{first.Output}\n---\n{second.Output}");
            Assert.Equal(2, pairs.Count);
            Assert.All(pairs, p => Assert.True(p.GetProperty("ready").GetBoolean(), $"{p.GetProperty("id")} is not ready"));
            Assert.All(pairs, p => Assert.Equal("ssh", p.GetProperty("transport").GetString()));
            Assert.Equal(2, pairs.Select(p => p.GetProperty("id").GetString()).Distinct().Count());

            // Four VMs: four namespace names and four addresses, and each pair on a subnet of its own.
            var machines = pairs.SelectMany(p => new[] { p.GetProperty("client"), p.GetProperty("peer") }).ToList();
            Assert.Equal(4, machines.Select(m => m.GetProperty("name").GetString()).Distinct().Count());
            Assert.Equal(4, machines.Select(m => Address(m)).Distinct().Count());
            var subnets = pairs.Select(p => Subnet(Address(p.GetProperty("client")))).ToList();
            Assert.Equal(2, subnets.Distinct().Count());
            Assert.All(pairs, p => Assert.Equal(Subnet(Address(p.GetProperty("client"))), Subnet(Address(p.GetProperty("peer")))));
        }
        finally
        {
            // Both deletions at once too: they share the same lock.
            var deletes = pairs.Select(p => cli.Start("pairs", "delete", "--env", "lab", p.GetProperty("id").GetString()!)).ToList();
            var deleted = await Task.WhenAll(deletes.Select(d => d.WaitForExitAsync(Patience)));
            Assert.True(deleted.All(e => e == 0), string.Join("\n---\n", deletes.Select(d => d.Output)));
        }

        var names = pairs.SelectMany(p => new[] { p.GetProperty("client"), p.GetProperty("peer") }).Select(m => m.GetProperty("name").GetString()!).ToList();
        var namespaces = (await HostCommand.CheckAsync("ip netns list")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();
        Assert.Empty(namespaces.Intersect(names));
        Assert.All(names, n => Assert.False(Directory.Exists(Path.Combine("/run/netperf-lab", n)), $"the state folder of {n} was left"));
        Assert.Equal(string.Empty, (await HostCommand.CheckAsync($"pgrep -af '[s]shd.*/run/netperf-lab/({string.Join('|', names)})' || true")).Trim());
        var (listed, listing, _) = await cli.RunAsync("pairs", "list", "--env", "lab", "--json");
        Assert.Equal(0, listed);
        Assert.DoesNotContain(JsonDocument.Parse(listing).RootElement.EnumerateArray(), r => pairs.Any(p => p.GetProperty("id").GetString() == r.GetProperty("id").GetString()));
    }

    private static string Address(JsonElement machine) => machine.GetProperty("addresses")[0].GetString()!.Split(':')[0];

    private static string Subnet(string address) => string.Join('.', address.Split('.')[..3]);
}
