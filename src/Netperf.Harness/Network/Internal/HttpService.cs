using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Netperf.Harness.Network.Internal;

/// <summary>Kestrel answering every request with a fixed-size body (<see cref="PeerServerOptions.ResponseSize"/> bytes).</summary>
internal sealed class HttpService(PeerServerOptions options, ServerCounters counters) : IPeerServerService
{
    private WebApplication? _app;

    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        var body = new byte[options.ResponseSize];
        body.AsSpan().Fill((byte)'x');
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(new IPEndPoint(options.BindAddress, options.Port));
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(context =>
        {
            counters.AddRequest();
            counters.AddSent(body.Length);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)).Port;
    }

    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(grace, timeProvider);
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
