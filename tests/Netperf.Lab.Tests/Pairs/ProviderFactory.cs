using Netperf.Core.Pairs;
using Netperf.Lab.Calibration;
using Netperf.Lab.Health;
using Netperf.Lab.Inventory;
using Netperf.Lab.Pairs;
using Netperf.Lab.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Lab.Tests.Pairs;

internal static class ProviderFactory
{
    public static LabOptions Options(params (string Name, string Link, string[] Images)[] hosts) => new()
    {
        PlacementTimeout = TimeSpan.Zero,
        Hosts = [.. hosts.Select(h => new LabHostOptions { Name = h.Name, Address = h.Name + ".lab", Hypervisor = "fake", Link = h.Link, Images = [.. h.Images] })],
    };

    public static LabVmPairProvider Create(LabOptions options, InMemoryHypervisor hypervisor, TimeProvider? time = null)
    {
        var monitor = new TestOptionsMonitor<LabOptions>(options);
        var clock = time ?? new FakeTimeProvider();
        return new LabVmPairProvider(monitor, [hypervisor], new NullShellFactory(), new LabHostHealth(monitor, clock), new HardwareClassCalibration(), clock);
    }

    public static PairRequest Request(string image = "ubuntu-24.04", string run = "run-1-1") => new()
    {
        Spec = new MachineSpec { Image = image, Environment = "lab" },
        Owner = "tests",
        RunId = run,
        TimeToLive = TimeSpan.FromMinutes(30),
    };
}
