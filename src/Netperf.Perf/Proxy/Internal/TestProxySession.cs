namespace Netperf.Perf.Proxy.Internal;

/// <summary>
/// One instance's record-once, play-back-many sequence: a live call, a recorded call, then playback
/// until <see cref="StopPlaybackAsync"/>. The handler is switched at each step.
/// </summary>
internal sealed class TestProxySession(TestProxyHandler handler, TestProxyClient client)
{
    private string? _playbackId;

    public TestProxyHandler Handler => handler;

    /// <summary>Runs <paramref name="runOnce"/> live, records a second call, then starts playback.</summary>
    public async Task RecordAndStartPlaybackAsync(Func<CancellationToken, Task> runOnce, CancellationToken cancellationToken)
    {
        handler.SetMode(TestProxyMode.Live, null);
        await runOnce(cancellationToken).ConfigureAwait(false);

        var recordingId = await client.StartRecordAsync(cancellationToken).ConfigureAwait(false);
        handler.SetMode(TestProxyMode.Record, recordingId);
        try
        {
            await runOnce(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            handler.SetMode(TestProxyMode.Live, null);
            await client.StopRecordAsync(recordingId, cancellationToken).ConfigureAwait(false);
        }

        _playbackId = await client.StartPlaybackAsync(recordingId, cancellationToken).ConfigureAwait(false);
        handler.SetMode(TestProxyMode.Playback, _playbackId);
    }

    /// <summary>Stops playback (when it started) and returns the handler to live.</summary>
    public async Task StopPlaybackAsync(CancellationToken cancellationToken)
    {
        handler.SetMode(TestProxyMode.Live, null);
        if (_playbackId is { } id)
        {
            _playbackId = null;
            await client.StopPlaybackAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }
}
