using System.ComponentModel;
using System.Net.Security;
using System.Runtime.CompilerServices;
using Netperf.Perf.SystemTests.Internal;

namespace Netperf.Perf.SystemTests;

/// <summary>
/// GETs <c>--url</c> (or a local HTTP server with <c>--start-server</c>) with one
/// <see cref="HttpClient"/> per instance and reads each response to the end. <c>--insecure</c>
/// accepts any server certificate.
/// </summary>
[Description("GETs --url (or a local HTTP server with --start-server) and reads the body.")]
public sealed class HttpClientGetTest : PerfStressTest<HttpClientGetTestOptions>
{
    // The --start-server server belongs to one run in one process: every instance of a run in a process shares
    // its options object. With --processes, only the first child runs global setup, so each other child starts
    // its own server on first use in setup (it ends with that process).
    private static readonly ConditionalWeakTable<HttpClientGetTestOptions, Lazy<Task<FixedResponseServer>>> Servers = [];
    private HttpClient? _client;
    private Uri? _url;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public HttpClientGetTest(HttpClientGetTestOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override async Task GlobalSetupAsync(CancellationToken cancellationToken = default)
    {
        if (Options.StartServer)
        {
            await GetOrStartServerAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task SetupAsync(CancellationToken cancellationToken = default)
    {
        _url = Options.Url ?? (Options.StartServer ? (await GetOrStartServerAsync(cancellationToken).ConfigureAwait(false)).Url : null)
            ?? throw new InvalidOperationException("No URL to GET. Pass --url or --start-server.");
        _client = new HttpClient(Http.PerfHttpHandlerFactory.Create(Options), disposeHandler: true);
    }

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        using var response = _client!.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = response.Content.ReadAsStream(cancellationToken);
        body.CopyTo(Stream.Null);
    }

    /// <inheritdoc />
    public override async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        using var response = await _client!.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task CleanupAsync(CancellationToken cancellationToken = default)
    {
        _client?.Dispose();
        _client = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task GlobalCleanupAsync(CancellationToken cancellationToken = default)
    {
        if (Servers.TryGetValue(Options, out var server) && Servers.Remove(Options))
        {
            await (await server.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<FixedResponseServer> GetOrStartServerAsync(CancellationToken cancellationToken)
    {
        var options = Options;
        var server = Servers.GetValue(options, o => new Lazy<Task<FixedResponseServer>>(
            () => FixedResponseServer.StartAsync(o.ResponseSize, o.Https, CancellationToken.None)));
        return server.Value.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        _client?.Dispose();
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
