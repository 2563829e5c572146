namespace Netperf.Core.GitHub;

/// <summary>
/// A check of an expansion's <c>runs-on</c> labels against the outside world (for example, that no
/// label collides with a GitHub-hosted runner label or with another repository's runners).
/// </summary>
public interface IMatrixLabelCheck
{
    /// <summary>Checks the labels of every job.</summary>
    /// <param name="expansion">The expanded matrix.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Problems, each saying what collides and what to change; empty when the labels are fine.</returns>
    Task<IReadOnlyList<string>> CheckAsync(JobMatrixExpansion expansion, CancellationToken cancellationToken = default);
}
