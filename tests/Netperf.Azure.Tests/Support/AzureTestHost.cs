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
using Netperf.Testing.Time;

namespace Netperf.Azure.Tests.Support;

/// <summary>
/// A fake ARM plus a provider wired to it through DI the way an application would, both on one fake clock that
/// moves on its own (<see cref="ClockPump"/>): the fake's realistic latencies (minutes for a first Run Command)
/// and the provider's budgets are measured against each other in fake time and cost real milliseconds.
/// </summary>
public sealed class AzureTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ClockPump? _pump;

    private AzureTestHost(FakeArmServer fake, ServiceProvider services, CapturingLoggerProvider logs, BootstrapGuestSimulator guests, FakeTokenCredential credential, ClockPump? pump)
    {
        _pump = pump;
        Fake = fake;
        _services = services;
        Logs = logs;
        Guests = guests;
        Credential = credential;
    }

    public FakeArmServer Fake { get; }

    /// <summary>The clock both the fake and the provider use.</summary>
    public TimeProvider Clock => Fake.Clock;

    /// <summary>What moves the clock (hold it while something real runs that the clock must not overtake).</summary>
    public ClockPump? Pump => _pump;

    public CapturingLoggerProvider Logs { get; }

    public BootstrapGuestSimulator Guests { get; }

    public FakeTokenCredential Credential { get; }

    public AzureVmPairProvider Provider => _services.GetRequiredService<AzureVmPairProvider>();

    public AzureRunCommandBootstrapper Bootstrapper => _services.GetRequiredService<AzureRunCommandBootstrapper>();

    public IServiceProvider Services => _services;

    public static async Task<AzureTestHost> StartAsync(Action<AzureOptions>? configure = null, FakeArmServer? existing = null)
    {
        var fake = existing ?? await FakeArmServer.StartAsync(new FakeArmServerOptions { TimeProvider = new FakeClock() });
        var pump = (fake.Clock as FakeClock)?.AutoAdvance();
        var guests = new BootstrapGuestSimulator();
        fake.GuestHandler = guests.HandleAsync;
        var logs = new CapturingLoggerProvider();
        var credential = new FakeTokenCredential();
        var provider = BuildServices(fake, pump, logs, credential, configure);
        return new AzureTestHost(fake, provider, logs, guests, credential, pump);
    }

    /// <summary>
    /// Services of a second process against the same fake and clock: its own provider, ARM client and credential, sharing
    /// nothing with <see cref="Provider"/> but ARM's state. The caller disposes them.
    /// </summary>
    public ServiceProvider StartOtherProcess(Action<AzureOptions>? configure = null) =>
        BuildServices(Fake, _pump, new CapturingLoggerProvider(), new FakeTokenCredential(), configure);

    private static ServiceProvider BuildServices(FakeArmServer fake, ClockPump? pump, CapturingLoggerProvider logs, FakeTokenCredential credential, Action<AzureOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton(ClientOptions(fake, pump));
        services.AddSingleton<TokenCredential>(credential);
        services.AddSingleton(fake.Clock);
        services.AddNetperf().AddAzureVmPairs(o =>
        {
            o.SubscriptionId = fake.SubscriptionId;
            o.Location = "eastus";
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Client options as the reference's option A: the fake's endpoint and audience, a transport trusting its one certificate, fast retries (Netperf's retry policy replaces them in the provider).</summary>
    public static ArmClientOptions ClientOptions(FakeArmServer fake, ClockPump? pump = null)
    {
        HttpMessageHandler handler = fake.CreateTrustingHandler();
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(fake.BaseUri, fake.Audience),

            // Requests hold the fake clock while they are on their way: a slow first request (JIT, TLS) must not let fake minutes pass.
            Transport = new HttpClientTransport(pump is null ? handler : pump.CreateHandler(handler)),
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
        if (_pump is not null)
        {
            await _pump.DisposeAsync();
        }
    }
}
