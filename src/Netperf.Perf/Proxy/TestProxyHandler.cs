namespace Netperf.Perf.Proxy;

/// <summary>
/// Routes an instance's HTTP requests through an Azure SDK test proxy (<c>-x|--test-proxies</c>).
/// In <see cref="TestProxyMode.Record"/> and <see cref="TestProxyMode.Playback"/> every request goes to the
/// proxy's host with the <c>x-recording-id</c>, <c>x-recording-mode</c> and
/// <c>x-recording-upstream-base-uri</c> headers; in <see cref="TestProxyMode.Live"/> it passes through.
/// The runner switches the mode: live for one warm-up call, record for one call, then playback for the run.
/// </summary>
/// <remarks>Wire it into a client in one line: <c>new HttpClient(this.CreateTestProxyHandler())</c> in a test's setup.</remarks>
public sealed class TestProxyHandler : DelegatingHandler
{
    /// <summary>The recording id header.</summary>
    public const string RecordingIdHeader = "x-recording-id";

    /// <summary>The recording mode header (<c>record</c> or <c>playback</c>).</summary>
    public const string RecordingModeHeader = "x-recording-mode";

    /// <summary>The header carrying the original scheme, host and port.</summary>
    public const string UpstreamBaseUriHeader = "x-recording-upstream-base-uri";

    private volatile State _state = new(TestProxyMode.Live, null);

    /// <summary>Creates a handler routing to <paramref name="proxy"/> over <paramref name="innerHandler"/>.</summary>
    /// <param name="proxy">The test proxy's base address, e.g. <c>http://127.0.0.1:5000</c>.</param>
    /// <param name="innerHandler">The handler that sends the requests.</param>
    public TestProxyHandler(Uri proxy, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (!proxy.IsAbsoluteUri)
        {
            throw new ArgumentException($"The test proxy address '{proxy}' must be absolute, e.g. http://127.0.0.1:5000.", nameof(proxy));
        }

        Proxy = proxy;
    }

    /// <summary>The test proxy this handler routes to.</summary>
    public Uri Proxy { get; }

    /// <summary>The current mode.</summary>
    public TestProxyMode Mode => _state.Mode;

    /// <summary>The current recording id (null when live).</summary>
    public string? RecordingId => _state.RecordingId;

    /// <summary>Switches mode; the runner calls this around record and playback.</summary>
    /// <param name="mode">The new mode.</param>
    /// <param name="recordingId">The proxy's recording id; required unless <paramref name="mode"/> is live.</param>
    public void SetMode(TestProxyMode mode, string? recordingId)
    {
        if (mode != TestProxyMode.Live)
        {
            ArgumentException.ThrowIfNullOrEmpty(recordingId);
        }

        _state = new State(mode, mode == TestProxyMode.Live ? null : recordingId);
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Route(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Route(request);
        return base.Send(request, cancellationToken);
    }

    private void Route(HttpRequestMessage request)
    {
        var state = _state;
        if (state.Mode == TestProxyMode.Live || request.RequestUri is not { IsAbsoluteUri: true } original)
        {
            return;
        }

        var headers = request.Headers;
        headers.Remove(RecordingIdHeader);
        headers.Remove(RecordingModeHeader);
        headers.Remove(UpstreamBaseUriHeader);
        headers.TryAddWithoutValidation(RecordingIdHeader, state.RecordingId);
        headers.TryAddWithoutValidation(RecordingModeHeader, state.Mode == TestProxyMode.Record ? "record" : "playback");
        headers.TryAddWithoutValidation(UpstreamBaseUriHeader, original.GetLeftPart(UriPartial.Authority));
        request.RequestUri = new UriBuilder(original) { Scheme = Proxy.Scheme, Host = Proxy.Host, Port = Proxy.Port }.Uri;
    }

    private sealed record State(TestProxyMode Mode, string? RecordingId);
}
