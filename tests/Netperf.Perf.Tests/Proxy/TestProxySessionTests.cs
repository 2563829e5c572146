using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netperf.Perf.Proxy;
using Netperf.Perf.Proxy.Internal;
using Netperf.Testing.Integration;
using Netperf.Testing.TestProxy;

namespace Netperf.Perf.Tests.Proxy;

public sealed class TestProxySessionTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task RecordAndStartPlaybackAsync_ThenManyCalls_ServedFromRecordingWithoutUpstream()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var upstreamHits = 0;
        await using var upstream = await StartUpstreamAsync(() => Interlocked.Increment(ref upstreamHits));
        await using var proxy = await FakeTestProxy.StartAsync();
        using var control = new HttpClient();
        using var handler = new TestProxyHandler(proxy.Address, new SocketsHttpHandler());
        using var client = new HttpClient(handler);
        var session = new TestProxySession(handler, new TestProxyClient(control, proxy.Address));
        var target = new Uri(upstream.Address, "/item?id=7");

        await session.RecordAndStartPlaybackAsync(async ct => Assert.Equal("item 7", await client.GetStringAsync(target, ct)), default);
        Assert.Equal(2, upstreamHits); // one live call, one recorded through the proxy
        Assert.Equal(1, proxy.RecordedRequests);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("item 7", await client.GetStringAsync(target));
        }

        Assert.Equal(2, upstreamHits);
        Assert.Equal(20, proxy.PlayedBackRequests);
        Assert.Equal(1, proxy.OpenPlaybacks);

        await session.StopPlaybackAsync(default);
        Assert.Equal(0, proxy.OpenPlaybacks);
        Assert.Equal(TestProxyMode.Live, handler.Mode);
        Assert.Equal("item 7", await client.GetStringAsync(target));
        Assert.Equal(3, upstreamHits);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task StopPlaybackAsync_ProxyRejects_ThrowsWithStatus()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var proxy = await FakeTestProxy.StartAsync();
        using var control = new HttpClient();
        var client = new TestProxyClient(control, proxy.Address);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.StopPlaybackAsync("no-such-id", default));

        Assert.Contains("404", ex.Message);
        Assert.Contains("Playback/Stop", ex.Message);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task PerfRunner_WithTestProxies_RecordsOncePerInstanceThenPlaysBack()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var upstreamHits = 0;
        await using var upstream = await StartUpstreamAsync(() => Interlocked.Increment(ref upstreamHits));
        await using var proxyA = await FakeTestProxy.StartAsync();
        await using var proxyB = await FakeTestProxy.StartAsync();
        var options = new ProxiedGetTestOptions
        {
            Url = new Uri(upstream.Address, "/item?id=7").ToString(),
            Parallel = 2,
            Duration = 1,
            Warmup = 0,
            TestProxies = $"{proxyA.Address};{proxyB.Address}",
        };

        var result = await new Netperf.Perf.Running.PerfRunner(Netperf.Perf.Discovery.PerfTestDescriptor.For(typeof(ProxiedGetTest)), options).RunAsync();

        Assert.Equal(Netperf.Perf.Results.PerfRunStatus.Succeeded, result.Status);
        Assert.Equal(4, upstreamHits); // per instance: one live call and one recorded call
        Assert.Equal(1, proxyA.RecordedRequests);
        Assert.Equal(1, proxyB.RecordedRequests);
        Assert.True(proxyA.PlayedBackRequests > 0 && proxyB.PlayedBackRequests > 0);
        Assert.Equal(result.CompletedOperations, proxyA.PlayedBackRequests + proxyB.PlayedBackRequests);
        Assert.Equal(0, proxyA.OpenPlaybacks + proxyB.OpenPlaybacks);
    }

    private static async Task<Upstream> StartUpstreamAsync(Action onHit)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/item", (HttpContext c) =>
        {
            onHit();
            return Microsoft.AspNetCore.Http.Results.Text("item " + c.Request.Query["id"]);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Upstream(app, new Uri(address));
    }

    private sealed record Upstream(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
