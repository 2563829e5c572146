
namespace Netperf.Core.GitHub;

/// <summary>
/// Checks a job matrix's <c>runs-on</c> labels with <see cref="RunnerLabels.FindProblem"/>: none may collide with
/// a GitHub-hosted runner label or be <c>self-hosted</c> alone, and every job must target <c>netperf</c>.
/// </summary>
public sealed class HostedRunnerLabelCheck : IMatrixLabelCheck
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(JobMatrixExpansion expansion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expansion);
        var problems = new List<string>();
        foreach (var job in expansion.Jobs)
        {
            var labels = job.GetRunsOnLabels();
            problems.AddRange(labels.Select(RunnerLabels.FindProblem).OfType<string>().Select(p => $"job {job.Id}: {p}"));
            if (!labels.Contains(RunnerLabels.Netperf, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"job {job.Id}: runs-on lacks '{RunnerLabels.Netperf}', so it could run on any self-hosted runner");
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(problems.Distinct(StringComparer.Ordinal).ToList());
    }
}
