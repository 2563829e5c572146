// Times request -> ready pair on the namespace lab and measures iperf3 client -> peer across the pair.
//   --mode ssh     two namespace "hosts" with their own sshd, reached over SSH (the integration-test lab; default)
//   --mode single  the single-machine lab (this machine as both hosts, no SSH hop)
//   --pairs N      pairs to create one after another (default 3)
//   --seconds S    iperf3 duration per pair (default 3)
// Prints one line per pair and a JSON summary block between BEGIN/END markers. Needs root, iproute2, OpenSSH, iperf3.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Lab.Hosting;
using Netperf.Lab.Inventory;
using Netperf.Lab.Pairs;
using Netperf.Testing.Namespaces;

var mode = Arg("--mode", "ssh");
var pairs = int.Parse(Arg("--pairs", "3"), CultureInfo.InvariantCulture);
var seconds = int.Parse(Arg("--seconds", "3"), CultureInfo.InvariantCulture);

await using var lab = await NamespaceLab.StartAsync(mode == "ssh" ? 2 : 0);
var services = new ServiceCollection();
if (mode == "ssh")
{
    services.AddNetperf().AddLabVmPairs(configure: options =>
    {
        options.NamePrefix = lab.VmPrefix;
        foreach (var host in lab.Hosts)
        {
            options.Hosts.Add(new LabHostOptions
            {
                Name = host.Name,
                Address = host.ManagementAddress,
                Access = new LabHostAccess { IdentityFile = lab.IdentityFile, KnownHostsFile = lab.KnownHostsFile },
                Hypervisor = LabHypervisors.Netns,
                Images = ["ubuntu-24.04"],
                Link = lab.Link,
                Netns = new LabNetnsHostOptions { Bridge = host.Bridge, GuestAddress = host.GuestAddress, StateDirectory = lab.StateDirectory },
            });
        }
    });
}
else
{
    services.AddNetperf().AddSingleMachineLab(options =>
    {
        options.NamePrefix = lab.VmPrefix;
        foreach (var host in options.Hosts)
        {
            host.Netns!.Bridge = $"{lab.VmPrefix}br0";
            host.Netns.StateDirectory = lab.StateDirectory;
        }
    });
}

await using var container = services.BuildServiceProvider();
var provider = container.GetRequiredService<LabVmPairProvider>();
var rows = new List<Dictionary<string, double>>();
for (var i = 0; i < pairs; i++)
{
    var clock = Stopwatch.StartNew();
    var pair = await provider.CreatePairAsync(new PairRequest
    {
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "lab" },
        Owner = "bench-lab",
        RunId = $"bench-{i}",
    });
    var created = clock.Elapsed.TotalSeconds;
    try
    {
        await PairProbe.ProveReadyAsync(pair);
        var ready = clock.Elapsed.TotalSeconds;
        var bps = await PairProbe.Iperf3Async(pair, seconds);
        clock.Restart();
        await provider.DeletePairAsync(pair.Id);
        var deleted = clock.Elapsed.TotalSeconds;
        rows.Add(new() { ["createSeconds"] = created, ["readySeconds"] = ready, ["iperf3Gbps"] = bps / 1e9, ["deleteSeconds"] = deleted });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pair {i + 1}/{pairs}: created {created:0.00}s, ready {ready:0.00}s, iperf3 {bps / 1e9:0.00} Gbit/s ({seconds}s), deleted {deleted:0.00}s"));
    }
    catch
    {
        await provider.DeletePairAsync(pair.Id);
        throw;
    }
}

var leftovers = await lab.FindLeftoversAsync(includeHosts: false);
var summary = new Dictionary<string, object>
{
    ["mode"] = mode,
    ["pairs"] = pairs,
    ["iperf3Seconds"] = seconds,
    ["requestToReadySecondsMedian"] = Median(rows.Select(r => r["readySeconds"])),
    ["requestToCreatedSecondsMedian"] = Median(rows.Select(r => r["createSeconds"])),
    ["deleteSecondsMedian"] = Median(rows.Select(r => r["deleteSeconds"])),
    ["iperf3GbpsMedian"] = Median(rows.Select(r => r["iperf3Gbps"])),
    ["leftovers"] = leftovers,
};
Console.WriteLine("BEGIN netperf-lab-bench");
Console.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine("END netperf-lab-bench");
return leftovers.Count == 0 ? 0 : 1;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Arg(string name, string fallback)
{
    var args = Environment.GetCommandLineArgs();
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
