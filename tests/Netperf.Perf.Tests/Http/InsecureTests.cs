using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netperf.Perf.Discovery;
using Netperf.Perf.Http;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.Tests.Proxy;
using Netperf.Testing.Integration;
using Netperf.Testing.TestProxy;

namespace Netperf.Perf.Tests.Http;

/// <summary><c>--insecure</c> against a real HTTPS endpoint on 127.0.0.1 with a self-signed certificate.</summary>
public sealed class InsecureTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task Create_Insecure_AcceptsASelfSignedServer()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var proxy = await FakeTestProxy.StartAsync(https: true);
        using var client = new HttpClient(PerfHttpHandlerFactory.Create(new PerfOptions { Insecure = true }));

        using var response = await client.PostAsync(new Uri(proxy.Address, "Record/Start"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Create_Default_RejectsASelfSignedServer()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var proxy = await FakeTestProxy.StartAsync(https: true);
        using var client = new HttpClient(PerfHttpHandlerFactory.Create(new PerfOptions()));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(proxy.Address, "Record/Start"), null));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PerfRunner_HttpsTestProxyWithUntrustedCertificate_RunsOnlyWithInsecure(bool insecure)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await FakeTestProxy.StartAsync(https: true);
        var options = new ProxiedGetTestOptions
        {
            Url = new Uri(upstream.Address, "/item?id=7").ToString(),
            Parallel = 1,
            Duration = 1,
            Warmup = 0,
            Insecure = insecure,
            TestProxies = proxy.Address.ToString(),
        };

        var result = await new PerfRunner(PerfTestDescriptor.For(typeof(ProxiedGetTest)), options).RunAsync();

        if (insecure)
        {
            // Both paths honoured --insecure: the control calls (record, playback) and the test's own requests.
            Assert.Equal(PerfRunStatus.Succeeded, result.Status);
            Assert.Equal(1, proxy.RecordedRequests);
            Assert.True(proxy.PlayedBackRequests > 0);
            Assert.Equal(0, proxy.OpenPlaybacks);
        }
        else
        {
            Assert.Equal(PerfRunStatus.Failed, result.Status);
            Assert.Contains(result.Errors, e => e.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static async Task<Upstream> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/item", (Microsoft.AspNetCore.Http.HttpContext c) => Microsoft.AspNetCore.Http.Results.Text("item " + c.Request.Query["id"]));
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
