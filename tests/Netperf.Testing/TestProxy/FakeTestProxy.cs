using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Netperf.Testing.TestProxy;

/// <summary>
/// A small Azure SDK test proxy on Kestrel (127.0.0.1, a free port) that really records and replays:
/// <c>/Record/Start|Stop</c>, <c>/Playback/Start|Stop</c>, and every other request routed by the
/// <c>x-recording-*</c> headers. In record mode it forwards to the upstream (loopback only) and keeps
/// the exchange; in playback it answers from the recording and never contacts the upstream.
/// </summary>
public sealed class FakeTestProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();
    private readonly ConcurrentDictionary<string, List<RecordedExchange>> _recordings = new();
    private readonly ConcurrentDictionary<string, string> _playbacks = new();
    private long _recorded;
    private long _played;
    private long _controlCalls;

    private FakeTestProxy(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The proxy's address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Requests forwarded and recorded.</summary>
    public long RecordedRequests => Interlocked.Read(ref _recorded);

    /// <summary>Requests answered from a recording.</summary>
    public long PlayedBackRequests => Interlocked.Read(ref _played);

    /// <summary>Record/playback start and stop calls received.</summary>
    public long ControlCalls => Interlocked.Read(ref _controlCalls);

    /// <summary>Playback sessions still open (not stopped).</summary>
    public int OpenPlaybacks => _playbacks.Count;

    /// <summary>Starts the proxy.</summary>
    public static Task<FakeTestProxy> StartAsync(CancellationToken cancellationToken = default) => StartAsync(https: false, cancellationToken);

    /// <summary>Starts the proxy, with <paramref name="https"/> on a throwaway self-signed certificate (as a development certificate nobody trusts).</summary>
    public static async Task<FakeTestProxy> StartAsync(bool https, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (https)
            {
                listen.UseHttps(SelfSignedCertificate());
            }
        }));
        var app = builder.Build();
        var proxy = new FakeTestProxy(app);
        app.MapPost("/Record/Start", proxy.RecordStart);
        app.MapPost("/Record/Stop", proxy.RecordStop);
        app.MapPost("/Playback/Start", proxy.PlaybackStart);
        app.MapPost("/Playback/Stop", proxy.PlaybackStop);
        app.Map("{**path}", proxy.ProxyAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return proxy;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private IResult RecordStart(HttpContext context)
    {
        Interlocked.Increment(ref _controlCalls);
        var id = Guid.NewGuid().ToString("N");
        _recordings[id] = [];
        context.Response.Headers["x-recording-id"] = id;
        return Results.Ok();
    }

    private IResult RecordStop(HttpContext context)
    {
        Interlocked.Increment(ref _controlCalls);
        var id = context.Request.Headers["x-recording-id"].ToString();
        return _recordings.ContainsKey(id) ? Results.Ok() : Results.NotFound($"No recording with id '{id}'.");
    }

    private IResult PlaybackStart(HttpContext context)
    {
        Interlocked.Increment(ref _controlCalls);
        var recordingId = context.Request.Headers["x-recording-id"].ToString();
        if (!_recordings.ContainsKey(recordingId))
        {
            return Results.NotFound($"No in-memory recording with id '{recordingId}'.");
        }

        var playbackId = Guid.NewGuid().ToString("N");
        _playbacks[playbackId] = recordingId;
        context.Response.Headers["x-recording-id"] = playbackId;
        return Results.Ok();
    }

    private IResult PlaybackStop(HttpContext context)
    {
        Interlocked.Increment(ref _controlCalls);
        var id = context.Request.Headers["x-recording-id"].ToString();
        if (!_playbacks.TryRemove(id, out var recordingId))
        {
            return Results.NotFound($"No playback with id '{id}'.");
        }

        if (context.Request.Headers["x-purge-inmemory-recording"] == "true")
        {
            _recordings.TryRemove(recordingId, out _);
        }

        return Results.Ok();
    }

    private async Task ProxyAsync(HttpContext context)
    {
        var id = context.Request.Headers["x-recording-id"].ToString();
        var mode = context.Request.Headers["x-recording-mode"].ToString();
        var key = context.Request.Method + " " + context.Request.Path + context.Request.QueryString;
        if (mode == "record" && _recordings.TryGetValue(id, out var recording))
        {
            var upstream = new Uri(context.Request.Headers["x-recording-upstream-base-uri"].ToString());
            if (!IPAddress.TryParse(upstream.Host, out var ip) || !IPAddress.IsLoopback(ip))
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("The fake proxy forwards to loopback upstreams only.");
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(upstream, context.Request.Path + context.Request.QueryString));
            using var response = await _upstream.SendAsync(request, context.RequestAborted);
            var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            var exchange = new RecordedExchange(key, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
            lock (recording)
            {
                recording.Add(exchange);
            }

            Interlocked.Increment(ref _recorded);
            await WriteAsync(context, exchange);
            return;
        }

        if (mode == "playback" && _playbacks.TryGetValue(id, out var recordingId) && _recordings.TryGetValue(recordingId, out var played))
        {
            RecordedExchange? match;
            lock (played)
            {
                match = played.FirstOrDefault(e => e.Key == key);
            }

            if (match is null)
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync($"Unable to find a record for the request {key}.");
                return;
            }

            Interlocked.Increment(ref _played);
            await WriteAsync(context, match);
            return;
        }

        context.Response.StatusCode = 400;
        await context.Response.WriteAsync($"Missing or unknown x-recording-id/x-recording-mode ('{id}', '{mode}').");
    }

    private static async Task WriteAsync(HttpContext context, RecordedExchange exchange)
    {
        context.Response.StatusCode = exchange.Status;
        if (exchange.ContentType is not null)
        {
            context.Response.ContentType = exchange.ContentType;
        }

        await context.Response.Body.WriteAsync(exchange.Body, context.RequestAborted);
    }

    private sealed record RecordedExchange(string Key, int Status, string? ContentType, byte[] Body);
}
