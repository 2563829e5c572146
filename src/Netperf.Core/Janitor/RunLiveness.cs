namespace Netperf.Core.Janitor;

/// <summary>What a <see cref="IRunLivenessCheck"/> knows about a run.</summary>
public enum RunLiveness
{
    /// <summary>The check cannot tell (unknown run id format, API unreachable); the janitor then relies on expiry alone.</summary>
    Unknown,

    /// <summary>The run is still queued or in progress: its pairs must stay until they expire.</summary>
    Alive,

    /// <summary>The run has completed or was cancelled: its pairs are orphans.</summary>
    Ended,
}
