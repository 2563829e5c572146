using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Lab.Hosting;
using Netperf.Lab.Inventory;
using Netperf.Lab.Pairs;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>Wires a <see cref="LabVmPairProvider"/> (through DI, as an application would) to a <see cref="NamespaceLab"/>.</summary>
internal sealed class LabHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LabHarness(ServiceProvider services)
    {
        _services = services;
        Provider = services.GetRequiredService<LabVmPairProvider>();
    }

    public LabVmPairProvider Provider { get; }

    public static LabHarness For(NamespaceLab lab, Action<LabOptions>? configure = null, IEnumerable<string>? hosts = null)
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddLabVmPairs(configure: options =>
        {
            options.NamePrefix = lab.VmPrefix;
            options.PlacementTimeout = TimeSpan.FromSeconds(60);
            options.AddressTimeout = TimeSpan.FromSeconds(20);
            options.HostCommandTimeout = TimeSpan.FromSeconds(30);
            foreach (var host in lab.Hosts.Where(h => hosts is null || hosts.Contains(h.Name)))
            {
                options.Hosts.Add(ToOptions(lab, host));
            }

            configure?.Invoke(options);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _ = provider.GetRequiredService<IOptions<LabOptions>>().Value; // validation runs here, as ValidateOnStart would
        return new LabHarness(provider);
    }

    public static LabHostOptions ToOptions(NamespaceLab lab, NamespaceHost host) => new()
    {
        Name = host.Name,
        Address = host.ManagementAddress,
        Access = new LabHostAccess
        {
            Kind = LabHostAccessKind.Ssh,
            User = "root",
            IdentityFile = lab.IdentityFile,
            KnownHostsFile = lab.KnownHostsFile,
        },
        Hypervisor = LabHypervisors.Netns,
        Images = ["ubuntu-24.04"],
        Link = lab.Link,
        NicSpeedGbps = 10,
        LinkSpeedGbps = 10,
        HardwareClass = "netns",
        Tags = { ["rack"] = "r1", ["switch"] = lab.Link },
        Netns = new LabNetnsHostOptions { Bridge = host.Bridge, GuestAddress = host.GuestAddress, StateDirectory = lab.StateDirectory },
    };

    public static PairRequest Request(string run, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "lab", Tags = tags ?? new Dictionary<string, string>() },
        Owner = "lab-tests",
        RunId = run,
        TimeToLive = TimeSpan.FromMinutes(30),
    };

    /// <summary>
    /// Proves the pair ready the way a bootstrapper does: a key made on the client is installed on the peer, the
    /// client gets a <c>netperf-peer</c> alias, and the client runs a command on the peer over SSH across the lab link.
    /// </summary>
    public static async Task<string> ProveReadyAsync(VmPair pair)
    {
        var peerAddress = pair.Peer.Addresses[0];
        await CheckAsync(pair.Client.Shell, "rm -f /root/.ssh/id_ed25519 /root/.ssh/id_ed25519.pub && ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519");
        var publicKey = await CheckAsync(pair.Client.Shell, "cat /root/.ssh/id_ed25519.pub");
        await pair.Peer.Shell.RunAsync(new RemoteCommand { Text = "cat >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys", StandardInput = publicKey });
        await CheckAsync(pair.Client.Shell,
            $"printf 'Host netperf-peer\\n  HostName {peerAddress}\\n  User root\\n  StrictHostKeyChecking accept-new\\n  UserKnownHostsFile /root/.ssh/known_hosts\\n' > /root/.ssh/config");
        return await CheckAsync(pair.Client.Shell, "ssh -o BatchMode=yes -o ConnectTimeout=5 netperf-peer 'ip -4 -o addr show dev eth0'");
    }

    /// <summary>Runs a 1-second iperf3 from client to peer; returns the received bits per second.</summary>
    public static async Task<double> Iperf3Async(VmPair pair, int seconds = 1)
    {
        await CheckAsync(pair.Peer.Shell, "iperf3 -s -1 -D -B " + pair.Peer.Addresses[0]);
        // Wait (bounded) until the daemon listens: it forks before it binds.
        await CheckAsync(pair.Peer.Shell, "for i in $(seq 200); do ss -Hltn 'sport = :5201' | grep -q LISTEN && exit 0; sleep 0.05; done; exit 1");
        var json = await CheckAsync(pair.Client.Shell, $"iperf3 -c {pair.Peer.Addresses[0]} -t {seconds} -J");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
    }

    public static async Task<string> CheckAsync(IRemoteShell shell, string text)
    {
        var result = await shell.RunAsync(new RemoteCommand { Text = text, Timeout = TimeSpan.FromSeconds(30) });
        Assert.True(result.Succeeded, $"'{text}' on {shell.Description} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await _services.DisposeAsync();
    }
}
