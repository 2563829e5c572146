namespace Netperf.Tool.Cli;

/// <summary>
/// One cleanup's bound: its <see cref="Token"/> is cancelled by a second Ctrl+C (the user abandons it) or when the
/// cleanup timeout has passed. Made by <see cref="TerminationSignals.BeginCleanup"/>.
/// </summary>
internal sealed class CleanupScope : IDisposable
{
    private readonly CancellationToken _abandon;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public CleanupScope(TimeSpan timeout, TimeProvider time, CancellationToken abandon)
    {
        _abandon = abandon;
        Timeout = timeout;
        _timeout = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(abandon, _timeout.Token);
    }

    /// <summary>Cancelled when the cleanup must stop.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>How long the cleanup may run.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Why the cleanup stopped early, for the warning; <see langword="null"/> while it may go on.</summary>
    public string? StopReason =>
        _abandon.IsCancellationRequested ? "abandoned by a second Ctrl+C"
        : _timeout.IsCancellationRequested ? $"stopped after the cleanup timeout ({Durations.Format(Timeout)}, --cleanup-timeout)"
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
