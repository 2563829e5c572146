namespace Netperf.Perf.Proxy.Internal;

/// <summary>
/// The test proxy's control calls (<c>/Record/Start</c>, <c>/Record/Stop</c>, <c>/Playback/Start</c>,
/// <c>/Playback/Stop</c>), each checked for success. Recordings stay in the proxy's memory.
/// </summary>
internal sealed class TestProxyClient(HttpClient http, Uri proxy)
{
    public Uri Proxy { get; } = proxy;

    public Task<string> StartRecordAsync(CancellationToken cancellationToken) =>
        SendAsync("Record/Start", null, expectId: true, cancellationToken)!;

    public Task StopRecordAsync(string recordingId, CancellationToken cancellationToken) =>
        SendAsync("Record/Stop", recordingId, expectId: false, cancellationToken);

    public Task<string> StartPlaybackAsync(string recordingId, CancellationToken cancellationToken) =>
        SendAsync("Playback/Start", recordingId, expectId: true, cancellationToken)!;

    public Task StopPlaybackAsync(string playbackId, CancellationToken cancellationToken) =>
        SendAsync("Playback/Stop", playbackId, expectId: false, cancellationToken, purge: true);

    private async Task<string> SendAsync(string path, string? recordingId, bool expectId, CancellationToken cancellationToken, bool purge = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Proxy, path));
        if (recordingId is not null)
        {
            request.Headers.TryAddWithoutValidation(TestProxyHandler.RecordingIdHeader, recordingId);
        }

        if (purge)
        {
            request.Headers.TryAddWithoutValidation("x-purge-inmemory-recording", "true");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"The test proxy at {Proxy} did not answer {path}: {ex.Message}. Start the proxy or fix --test-proxies.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"The test proxy at {Proxy} answered {path} with {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}. Check the proxy's log.");
            }

            if (!expectId)
            {
                return string.Empty;
            }

            if (response.Headers.TryGetValues(TestProxyHandler.RecordingIdHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } id)
            {
                return id;
            }

            throw new InvalidOperationException($"The test proxy at {Proxy} answered {path} without an {TestProxyHandler.RecordingIdHeader} header; is it an Azure SDK test proxy?");
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
