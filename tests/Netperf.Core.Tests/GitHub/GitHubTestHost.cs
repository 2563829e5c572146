using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netperf.Core.Hosting;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.GitHub;
using Netperf.Testing.GitHub;
using Netperf.Testing.Time;

namespace Netperf.Core.Tests.GitHub;

/// <summary>A fake GitHub on 127.0.0.1 plus the real registry, liveness check and janitor wired through AddGitHubRunners.</summary>
internal sealed class GitHubTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GitHubTestHost(FakeGitHubServer server, FakeClock clock, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Server = server;
        Clock = clock;
        _services = services;
        Logs = logs;
    }

    public FakeGitHubServer Server { get; }

    public FakeClock Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public IRunnerRegistry Registry => _services.GetRequiredService<IRunnerRegistry>();

    public IRunLivenessCheck Liveness => _services.GetRequiredService<IRunLivenessCheck>();

    public RunnerJanitor Janitor => _services.GetRequiredService<RunnerJanitor>();

    public RunnerInstaller Installer => _services.GetRequiredService<RunnerInstaller>();

    public static async Task<GitHubTestHost> StartAsync(
        Action<GitHubOptions>? configure = null,
        Action<RunnerInstallOptions>? install = null,
        IEnumerable<IVmPairProvider>? providers = null)
    {
        var clock = new FakeClock();
        var server = await FakeGitHubServer.StartAsync(clock);
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        foreach (var provider in providers ?? [])
        {
            services.AddSingleton(provider);
        }

        services.AddNetperf().AddGitHubRunners(o =>
        {
            o.ApiBaseUrl = server.BaseUrl;
            o.Owner = "netperf";
            o.Repository = "netperf";
            o.Token = FakeGitHubServer.DefaultToken;
            configure?.Invoke(o);
        });
        if (install is not null)
        {
            services.Configure(install);
        }

        return new GitHubTestHost(server, clock, services.BuildServiceProvider(), logs);
    }

    /// <summary>Waits until the code under test logs a rate-limit wait and arms its delay on the fake clock.</summary>
    public async Task WaitForRateLimitDelayAsync()
    {
        await Logs.WaitForEventAsync(4102).WaitAsync(TimeSpan.FromSeconds(10));
        var spins = 0;
        while (Clock.PendingTimers == 0)
        {
            Assert.True(++spins < 100_000, "the rate-limit delay was never armed");
            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
