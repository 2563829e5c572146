namespace Netperf.Core.Janitor;

/// <summary>
/// Tells the janitor whether the run that owns a resource is still alive (for example a GitHub
/// workflow run, identified by run id and attempt). The janitor never deletes a live run's pairs
/// before they expire.
/// </summary>
public interface IRunLivenessCheck
{
    /// <summary>Finds out whether a run is alive.</summary>
    /// <param name="runId">The value of the <c>netperf-run</c> tag.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The run's state; <see cref="RunLiveness.Unknown"/> when this check cannot tell.</returns>
    Task<RunLiveness> CheckAsync(string runId, CancellationToken cancellationToken = default);
}
