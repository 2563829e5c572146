using System.Buffers;
using System.ComponentModel;
using System.Net;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// HTTP/1.1 GET against Kestrel on the peer (the network variant of <c>HttpClientGetTest</c>): each
/// instance keeps one connection, like one <c>wrk</c> connection, and reads the whole body. The peer's
/// <c>http</c> server counts the requests it answered.
/// </summary>
[Description("HTTP GET (HttpClient, or --client raw like wrk) against the peer's netperf-server Kestrel endpoint (one connection per instance, like wrk -c).")]
public sealed class HttpGetTest : PerfStressTest<HttpGetOptions>
{
    private readonly NetworkTestLifecycle _lifecycle;
    private HttpMessageInvoker? _client;
    private RawHttpConnection? _raw;
    private Uri? _uri;
    private byte[]? _buffer;
    private long _requests;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public HttpGetTest(HttpGetOptions options)
        : base(options)
    {
        _lifecycle = new NetworkTestLifecycle(options, "requests", r => r.Requests);
    }

    /// <inheritdoc />
    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) =>
        _lifecycle.GlobalSetupAsync(new PeerServerOptions { Mode = PeerServerMode.Http, ResponseSize = Options.ResponseSize }, cancellationToken);

    /// <inheritdoc />
    public override async Task SetupAsync(CancellationToken cancellationToken = default)
    {
        var endpoint = await _lifecycle.EndpointAsync(cancellationToken).ConfigureAwait(false);
        if (Options.IsRaw)
        {
            // Without --sync, one event loop per core over the run's processes, like wrk -t<cores>.
            var loops = SocketEventLoopGroup.LoopsPerProcess(Options.Parallel, Options.Processes, Environment.ProcessorCount);
            _raw = await RawHttpConnection.ConnectAsync(endpoint, Options.Path, Options.Sync, SocketEventLoopGroup.Shared, loops, cancellationToken).ConfigureAwait(false);
            return;
        }

        _uri = new UriBuilder(Uri.UriSchemeHttp, endpoint.Address.ToString(), endpoint.Port, Options.Path).Uri;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
        });
        _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    }

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken)
    {
        if (_raw is not null)
        {
            _raw.Get();
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        using var response = _client!.Send(request, cancellationToken);
        EnsureOk(response);
        using var body = response.Content.ReadAsStream(cancellationToken);
        while (body.Read(_buffer!) > 0)
        {
        }

        Interlocked.Increment(ref _requests);
    }

    /// <inheritdoc />
    public override ValueTask RunAsync(CancellationToken cancellationToken) =>
        _raw is not null ? _raw.GetAsync(cancellationToken) : RunHttpClientAsync(cancellationToken);

    /// <inheritdoc />
    public override Task PreCleanupAsync(CancellationToken cancellationToken = default)
    {
        // The raw connection counts its own responses (no shared counter on the hot path).
        _lifecycle.AddClientCount(Interlocked.Read(ref _requests) + (_raw?.Responses ?? 0));

        // Close the connection now so the server's connection ends before it is stopped.
        _client?.Dispose();
        _client = null;
        _raw?.Dispose();
        _raw = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task GlobalCleanupAsync(CancellationToken cancellationToken = default) => _lifecycle.GlobalCleanupAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        _client?.Dispose();
        _raw?.Dispose();
        _raw = null;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        await _lifecycle.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    /// <summary>One GET through HttpClient, the body read to its end.</summary>
    private async ValueTask RunHttpClientAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        using var response = await _client!.SendAsync(request, cancellationToken).ConfigureAwait(false);
        EnsureOk(response);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            while (await body.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }

        Interlocked.Increment(ref _requests);
    }

    private static void EnsureOk(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"The peer's HTTP server answered {(int)response.StatusCode}; expected 200 from netperf-server --mode http.", null, response.StatusCode);
        }
    }
}
