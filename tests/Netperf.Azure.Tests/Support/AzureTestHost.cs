using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netperf.Azure.Bootstrapping;
using Netperf.Azure.Hosting;
using Netperf.Azure.Pairs;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Support;

/// <summary>A fake ARM plus a provider wired to it through DI the way an application would.</summary>
public sealed class AzureTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AzureTestHost(FakeArmServer fake, ServiceProvider services, CapturingLoggerProvider logs, BootstrapGuestSimulator guests, FakeTokenCredential credential)
    {
        Fake = fake;
        _services = services;
        Logs = logs;
        Guests = guests;
        Credential = credential;
    }

    public FakeArmServer Fake { get; }

    public CapturingLoggerProvider Logs { get; }

    public BootstrapGuestSimulator Guests { get; }

    public FakeTokenCredential Credential { get; }

    public AzureVmPairProvider Provider => _services.GetRequiredService<AzureVmPairProvider>();

    public AzureRunCommandBootstrapper Bootstrapper => _services.GetRequiredService<AzureRunCommandBootstrapper>();

    public IServiceProvider Services => _services;

    public static async Task<AzureTestHost> StartAsync(Action<AzureOptions>? configure = null, FakeArmServer? existing = null)
    {
        var fake = existing ?? await FakeArmServer.StartAsync();
        var guests = new BootstrapGuestSimulator();
        fake.GuestHandler = guests.HandleAsync;
        var logs = new CapturingLoggerProvider();
        var credential = new FakeTokenCredential();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton(ClientOptions(fake));
        services.AddSingleton<TokenCredential>(credential);
        services.AddNetperf().AddAzureVmPairs(o =>
        {
            o.SubscriptionId = fake.SubscriptionId;
            o.Location = "eastus";
            o.PollDelay = TimeSpan.FromMilliseconds(5);
            o.OperationTimeout = TimeSpan.FromSeconds(30);
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new AzureTestHost(fake, provider, logs, guests, credential);
    }

    /// <summary>Client options as the reference's option A: the fake's endpoint and audience, a transport trusting its one certificate, fast retries.</summary>
    public static ArmClientOptions ClientOptions(FakeArmServer fake)
    {
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(fake.BaseUri, fake.Audience),
            Transport = new HttpClientTransport(fake.CreateTrustingHandler()),
        };
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        return options;
    }

    public static PairRequest Request(string image = "ubuntu-24.04", string? pairId = null, TimeSpan? ttl = null) => new()
    {
        Spec = new MachineSpec { Image = image, Environment = "azure" },
        Owner = "tests",
        RunId = "run-1-1",
        PairId = pairId,
        TimeToLive = ttl ?? TimeSpan.FromHours(1),
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
