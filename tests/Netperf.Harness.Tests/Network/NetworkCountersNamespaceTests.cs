using System.Diagnostics;
using Netperf.Harness.Network;
using Netperf.Harness.Tests.Fakes;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Harness.Tests.Network;

/// <summary>
/// The per-side counters read against a link whose loss the test controls: two network namespaces of the test's own
/// joined by a veth, the client in one and the netperf-server in the other, with 1% of the packets into the server's
/// namespace dropped at random (netem where the kernel has <c>sch_netem</c>, else an nftables rule) or none. Only a
/// namespace of the test's own isolates the kernel's counters from the machine's other traffic.
/// </summary>
public sealed class NetworkCountersNamespaceTests
{
    private static readonly Prerequisite[] Needs = [Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.LossInjection];

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.LossInjection)]
    public async Task TcpThroughput_OnePercentLossInjected_ClientReportsRetransmits()
    {
        Prerequisites.Ensure(Needs);
        await using var link = await LossyLink.CreateAsync();
        await link.DropPercentAsync(1, "tcp");

        var outcome = await link.RunAsync("TcpThroughput", "--buffer-size", "65536");

        Assert.True(outcome.ClientCounters!.TcpRetransmits > 0, $"1% of the segments were dropped, yet the client's namespace counted {outcome.ClientCounters.TcpRetransmits} retransmits");
        Assert.Equal(outcome.ClientCount, outcome.ServerCount);
        Assert.True(outcome.ClientCounters.CpuSecondsPerUnit > 0 && outcome.Report!.Counters!.CpuSecondsPerUnit > 0, "both sides report their CPU per byte");
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.LossInjection)]
    public async Task TcpRequestResponse_NoLossInjected_BothSidesReportNoRetransmits()
    {
        Prerequisites.Ensure(Needs);
        await using var link = await LossyLink.CreateAsync();

        // Request/response never fills a queue, so nothing but injected loss could make TCP retransmit here.
        var outcome = await link.RunAsync("TcpRequestResponse", "--request-size", "64", "--response-size", "64", "--sync");

        Assert.True(outcome.ClientCount > 100, $"{outcome.ClientCount} transactions");
        Assert.Equal(0, outcome.ClientCounters!.TcpRetransmits);
        Assert.Equal(0, outcome.Report!.Counters!.TcpRetransmits);
        Assert.True(outcome.ClientCounters.TcpSegmentsSent >= outcome.ClientCount, "every request is at least a segment: the counters are the namespace's TCP table");
        Assert.Equal("requests", outcome.ClientCounters.Unit);
        Assert.Equal(outcome.ClientCount, outcome.ClientCounters.Units);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.LossInjection)]
    public async Task TcpRequestResponse_OnePercentLossInjected_ReportsRetransmits()
    {
        Prerequisites.Ensure(Needs);
        await using var link = await LossyLink.CreateAsync();
        await link.DropPercentAsync(1, "tcp");

        var outcome = await link.RunAsync("TcpRequestResponse", "--request-size", "64", "--response-size", "64", "--sync");

        // The dropped segments are the client's requests (into the server's namespace): the client retransmits them.
        Assert.True(outcome.ClientCounters!.TcpRetransmits > 0, $"1% loss over {outcome.ClientCount} transactions, yet {outcome.ClientCounters.TcpRetransmits} retransmits");
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.LossInjection)]
    public async Task UdpThroughput_OnePercentLossInjected_ReportsOnePercentLoss()
    {
        Prerequisites.Ensure(Needs);
        await using var link = await LossyLink.CreateAsync();
        await link.DropPercentAsync(1, "udp");

        // 20,000 datagrams/s for 3 s after 1 s: ~80,000 datagrams, so 1% loss is 800 +- 28 (one standard deviation).
        var outcome = await link.RunAsync("UdpThroughput", "--size", "1000", "--datagram-rate", "20000", "-d", "3");

        // What the kernel dropped because the server's socket could not keep up on a busy machine is counted apart (its
        // receive-buffer and other drops) and is not the injected loss.
        var server = outcome.Report!.Counters!;
        var kernel = server.UdpReceiveBufferDrops + server.UdpOtherDrops;
        var loss = (outcome.ClientCount - outcome.ServerCount!.Value - kernel) / (double)outcome.ClientCount;
        Assert.True(
            Math.Abs(loss - 0.01) <= 0.002,
            $"sent {outcome.ClientCount}, received {outcome.ServerCount}, kernel drops {kernel}: injected-loss estimate {loss:P3}, expected 1 +- 0.2%");
    }

    /// <summary>Two namespaces of this test joined by a veth (10.79.0.1 client, 10.79.0.2 server); removed on disposal.</summary>
    private sealed class LossyLink : IAsyncDisposable
    {
        private readonly string _id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..4];
        private readonly string _folder = Directory.CreateTempSubdirectory("npc-counters-").FullName;

        private string Client => $"npc{_id}a";

        private string Server => $"npc{_id}b";

        public static async Task<LossyLink> CreateAsync()
        {
            var link = new LossyLink();
            try
            {
                await IpAsync("netns", "add", link.Client);
                await IpAsync("netns", "add", link.Server);
                await IpAsync("link", "add", link.Client, "netns", link.Client, "type", "veth", "peer", "name", link.Server, "netns", link.Server);
                await IpAsync("-n", link.Client, "addr", "add", "10.79.0.1/24", "dev", link.Client);
                await IpAsync("-n", link.Server, "addr", "add", "10.79.0.2/24", "dev", link.Server);
                foreach (var (ns, dev) in new[] { (link.Client, link.Client), (link.Server, link.Server), (link.Client, "lo"), (link.Server, "lo") })
                {
                    await IpAsync("-n", ns, "link", "set", dev, "up");
                }

                return link;
            }
            catch
            {
                await link.DisposeAsync();
                throw;
            }
        }

        /// <summary>Drops <paramref name="percent"/>% of the packets into the server's namespace: netem on the client's end of the veth where the kernel has it, else an nftables rule for one protocol.</summary>
        public async Task DropPercentAsync(int percent, string protocol)
        {
            var netem = await ExecAsync("ip", ["netns", "exec", Client, "tc", "qdisc", "add", "dev", Client, "root", "netem", "loss", $"{percent}%"], check: false);
            if (netem.ExitCode == 0)
            {
                return;
            }

            var rules = $"table inet npcloss {{\n  chain input {{\n    type filter hook input priority 0; policy accept;\n    meta l4proto {protocol} numgen random mod 10000 < {percent * 100} drop\n  }}\n}}\n";
            var path = Path.Combine(_folder, "loss.nft");
            await File.WriteAllTextAsync(path, rules);
            await ExecAsync("ip", ["netns", "exec", Server, "nft", "-f", path]);
        }

        /// <summary>Runs a network test in the client namespace against a netperf-server in the server namespace; returns its outcome file.</summary>
        public async Task<PeerServerOutcome> RunAsync(string test, params string[] arguments)
        {
            var outcomeFile = Path.Combine(_folder, $"{test}-{Guid.NewGuid():N}.outcome.json");
            string[] common = ["netns", "exec", Client, "dotnet", TestApp.Path, test, "--peer", "10.79.0.2", "--server-via", $"ip netns exec {Server}", "--server-bind", "10.79.0.2", "--processes", "1", "-w", "1", "--outcome-file", outcomeFile];
            var duration = arguments.Contains("-d") ? [] : new[] { "-d", "2" };
            await ExecAsync("ip", [.. common, .. duration, .. arguments]);
            var outcome = await PeerServerOutcomeFile.ReadAsync(outcomeFile);
            Assert.True(outcome.ServerStopped, "the netperf-server was stopped and checked gone");
            Assert.NotNull(outcome.ClientCounters);
            Assert.NotNull(outcome.Report?.Counters);
            return outcome;
        }

        public async ValueTask DisposeAsync()
        {
            // Deleting a namespace removes its end of the veth, the other end, and any qdisc or nftables table in it.
            await ExecAsync("ip", ["netns", "del", Client], check: false);
            await ExecAsync("ip", ["netns", "del", Server], check: false);
            Directory.Delete(_folder, recursive: true);
        }

        private static Task IpAsync(params string[] arguments) => ExecAsync("ip", arguments);

        private static async Task<(int ExitCode, string Output)> ExecAsync(string file, string[] arguments, bool check = true)
        {
            var info = new ProcessStartInfo(file);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var result = await TestProcess.RunAsync(info, TimeSpan.FromMinutes(2));
            if (check && result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
            }

            return result;
        }
    }
}
