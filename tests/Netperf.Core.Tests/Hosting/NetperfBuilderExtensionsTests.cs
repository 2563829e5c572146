using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Testing.Pairs;

namespace Netperf.Core.Tests.Hosting;

public sealed class NetperfBuilderExtensionsTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IPairBootstrapper, FakePairBootstrapper>();
        builder.Services.AddNetperf()
            .AddVmPairProvider<MemoryProvider>()
            .AddPairPool()
            .AddJanitor();
        return builder.Build();
    }

    [Fact]
    public async Task StartAsync_InvalidPoolAndJanitorSettings_FailsNamingEachSetting()
    {
        using var host = BuildHost(new()
        {
            ["Netperf:Pool:MaxPairs"] = "2",
            ["Netperf:Pool:MaxPairsPerEnvironment"] = "5",
            ["Netperf:Pool:MaxParallelProvisioning"] = "0",
            ["Netperf:Pool:MaxParallelProvisioningPerEnvironment:local"] = "300",
            ["Netperf:Janitor:DeleteTimeout"] = "-00:01:00",
        });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var failures = (ex is AggregateException all ? all.InnerExceptions : [ex]).Cast<OptionsValidationException>().SelectMany(e => e.Failures);
        var message = string.Join("\n", failures);
        Assert.Contains("Netperf:Pool:MaxParallelProvisioning is 0", message, StringComparison.Ordinal);
        Assert.Contains("Netperf:Pool:MaxParallelProvisioningPerEnvironment:local is 300; set it to a whole number from 1 to 256.", message, StringComparison.Ordinal);
        Assert.Contains("Netperf:Pool:MaxPairsPerEnvironment (5) is larger than Netperf:Pool:MaxPairs (2)", message, StringComparison.Ordinal);
        Assert.Contains("Netperf:Janitor:DeleteTimeout is -00:01:00", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPairPool_ValidSettings_BindsThemAndResolvesPoolAndJanitor()
    {
        using var host = BuildHost(new()
        {
            ["Netperf:Pool:MaxPairs"] = "3",
            ["Netperf:Pool:MaxPairsPerEnvironment"] = "2",
            ["Netperf:Pool:Owner"] = "nightly",
            ["Netperf:Pool:LeaseTimeToLive"] = "00:01:30",
            ["Netperf:Janitor:Environments:0"] = "memory",
        });
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<PairPoolOptions>>().Value;
        Assert.Equal(3, options.MaxPairs);
        Assert.Equal("nightly", options.Owner);
        Assert.Equal(TimeSpan.FromSeconds(90), options.LeaseTimeToLive);
        Assert.Equal(["memory"], host.Services.GetRequiredService<IOptions<JanitorOptions>>().Value.Environments);
        Assert.Equal(["memory"], host.Services.GetRequiredService<VmPairProviderCatalog>().Environments);

        var pool = host.Services.GetRequiredService<PairPool>();
        await using (var lease = await pool.AcquireAsync(new PoolJob { Id = "j", Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "memory" } }))
        {
            Assert.Equal("nightly", lease.Pair.Owner);
        }

        Assert.NotNull(host.Services.GetRequiredService<PairJanitor>());
        var provider = host.Services.GetRequiredService<MemoryProvider>();
        await host.StopAsync();
        await ((IAsyncDisposable)host.Services).DisposeAsync();
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public void AddPairPool_NoBootstrapper_ExplainsWhatToAdd()
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddVmPairProvider<MemoryProvider>().AddPairPool();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<PairPool>());

        Assert.Contains("No IPairBootstrapper is registered", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".AddLocalVmPairs()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VmPairProviderCatalog_TwoProvidersForOneEnvironment_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new VmPairProviderCatalog([new InMemoryVmPairProvider("lab"), new InMemoryVmPairProvider("LAB")]));
        Assert.Contains("Two pair providers serve the environment 'LAB'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPairBootstrapper_ForOneEnvironment_PoolUsesItThereAndTheDefaultElsewhere()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPairBootstrapper>(new FakePairBootstrapper());
        services.AddNetperf()
            .AddVmPairProvider<MemoryProvider>()
            .AddVmPairProvider<CloudProvider>()
            .AddPairBootstrapper<CloudBootstrapper>("cloud")
            .AddPairPool();
        await using var provider = services.BuildServiceProvider();
        var pool = provider.GetRequiredService<PairPool>();

        await using var cloud = await pool.AcquireAsync(new PoolJob { Id = "c", Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "cloud" } });
        await using var memory = await pool.AcquireAsync(new PoolJob { Id = "m", Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "memory" } });

        Assert.Equal("cloud-bootstrapper", cloud.Readiness.Transport);
        Assert.Equal("memory", memory.Readiness.Transport);
    }

    [Fact]
    public async Task AddPairPool_ProvisionerRegisteredByTheHost_PoolProvisionsThroughIt()
    {
        var services = new ServiceCollection();
        var memory = new InMemoryVmPairProvider();
        services.AddSingleton(new PairProvisioner(new VmPairProviderCatalog([memory]), new CloudBootstrapper()));
        services.AddNetperf().AddPairPool();
        await using var provider = services.BuildServiceProvider();

        await using var lease = await provider.GetRequiredService<PairPool>()
            .AcquireAsync(new PoolJob { Id = "j", Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "memory" } });

        Assert.Equal("cloud-bootstrapper", lease.Readiness.Transport);
        Assert.Equal(1, memory.CreatedCount);
    }

    [Fact]
    public void AddNetperfOptions_CalledTwice_BindsTheSectionOnceAndAppliesEachConfigure()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netperf:Janitor:Environments:0"] = "memory",
        }).Build());
        var netperf = services.AddNetperf();
        netperf.AddJanitor(o => o.Environments.Add("first"));
        netperf.AddJanitor(o => o.Environments.Add("second"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<JanitorOptions>>().Value;

        Assert.Equal(["memory", "first", "second"], options.Environments);
        Assert.Single(provider.GetServices<IValidateOptions<JanitorOptions>>());
    }

    [Fact]
    public void AddNetperfOptions_NoConfigurationRegistered_KeepsTheDefaults()
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddPairPool();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PairPoolOptions>>().Value;

        Assert.Equal(new PairPoolOptions().MaxPairs, options.MaxPairs);
    }

    [Fact]
    public void AddNetperfOptions_GivenConfiguration_ReadsItInsteadOfTheHosts()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Netperf:Pool:MaxPairs"] = "7" }).Build());
        var own = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Netperf:Pool:MaxPairs"] = "3" }).Build();
        services.AddNetperf().AddNetperfOptions<PairPoolOptions, AlwaysValid<PairPoolOptions>>(PairPoolOptions.SectionName, configuration: own);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<IOptions<PairPoolOptions>>().Value.MaxPairs);
    }

    internal sealed class AlwaysValid<T> : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) => ValidateOptionsResult.Success;
    }

    internal sealed class CloudBootstrapper : IPairBootstrapper
    {
        public Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ReadinessReport
            {
                PairId = pair.Id,
                Transport = "cloud-bootstrapper",
                IsReady = true,
                Steps = [new ReadinessStep { Name = "prove-ready", Outcome = ReadinessStepOutcome.Succeeded, Duration = TimeSpan.Zero }],
            });
    }

    internal sealed class CloudProvider() : IVmPairProvider
    {
        private readonly InMemoryVmPairProvider _inner = new("cloud");

        public string Environment => _inner.Environment;

        public Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default) => _inner.CreatePairAsync(request, cancellationToken);

        public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default) => _inner.DeletePairAsync(pairId, cancellationToken);

        public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) => _inner.ListPairsAsync(cancellationToken);
    }

    internal sealed class MemoryProvider() : IVmPairProvider
    {
        private readonly InMemoryVmPairProvider _inner = new("memory");

        public string Environment => _inner.Environment;

        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Resources => _inner.Resources;

        public Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default) => _inner.CreatePairAsync(request, cancellationToken);

        public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default) => _inner.DeletePairAsync(pairId, cancellationToken);

        public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) => _inner.ListPairsAsync(cancellationToken);
    }
}
