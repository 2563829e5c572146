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

    public static Task<string> ProveReadyAsync(VmPair pair) => PairProbe.ProveReadyAsync(pair);

    public static Task<double> Iperf3Async(VmPair pair, int seconds = 1) => PairProbe.Iperf3Async(pair, seconds);

    public static Task<string> CheckAsync(IRemoteShell shell, string text) => PairProbe.CheckAsync(shell, text);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await _services.DisposeAsync();
    }
}
