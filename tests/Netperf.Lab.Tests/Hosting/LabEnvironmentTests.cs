using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Lab.Hosting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Tests.Hosting;

public sealed class LabEnvironmentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netperf-labenv-").FullName;

    [Fact]
    public void CheckAvailability_HostsInConfiguration_IsConfigured()
    {
        var availability = new LabEnvironment().CheckAvailability(Configuration(new() { ["Netperf:Lab:Hosts:0:Name"] = "h1" }));

        Assert.True(availability.IsAvailable);
        Assert.True(availability.IsConfigured);
    }

    [Fact]
    public void CheckAvailability_InventoryFileMissing_MisconfiguredNamingThePath()
    {
        var missing = Path.Combine(_folder, "nope.json");

        var availability = new LabEnvironment().CheckAvailability(Configuration(new() { ["Netperf:Lab:InventoryFile"] = missing }));

        Assert.False(availability.IsAvailable);
        Assert.True(availability.IsConfigured);
        Assert.Contains(missing, availability.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InventoryFileWithTheSectionsContentAtTheTop_ReadsItsHosts()
    {
        var file = Path.Combine(_folder, "lab.json");
        File.WriteAllText(file, """
            { "NamePrefix": "npx", "Hosts": [
              { "Name": "h1", "Address": "h1.lab", "Hypervisor": "libvirt", "Images": [ "ubuntu-24.04" ], "Link": "tor1",
                "Libvirt": { "BaseImages": { "ubuntu-24.04": "/images/ubuntu.qcow2" } } },
              { "Name": "h2", "Address": "h2.lab", "Hypervisor": "libvirt", "Images": [ "ubuntu-24.04" ], "Link": "tor1",
                "Libvirt": { "BaseImages": { "ubuntu-24.04": "/images/ubuntu.qcow2" } } } ] }
            """);
        var configuration = Configuration(new() { ["Netperf:Lab:InventoryFile"] = file });
        var services = new ServiceCollection();
        services.AddSingleton(configuration);

        new LabEnvironment().Register(services.AddNetperf(), configuration);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<LabOptions>>().Value;
        Assert.Equal("npx", options.NamePrefix);
        Assert.Equal(["h1", "h2"], options.Hosts.Select(h => h.Name));
        Assert.Equal(["lab"], provider.GetRequiredService<VmPairProviderCatalog>().Environments);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
