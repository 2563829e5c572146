using Netperf.Core.GitHub.Internal;

namespace Netperf.Core.GitHub;

/// <summary>The jobs a <see cref="JobMatrixDefinition"/> expands to, and the product combinations the rules dropped.</summary>
public sealed record JobMatrixExpansion
{
    /// <summary>The jobs, in product order, then the includes; never empty.</summary>
    public required IReadOnlyList<MatrixEntry> Jobs { get; init; }

    /// <summary>Product combinations left out because they cannot exist (for example iocp on Linux), with why.</summary>
    public IReadOnlyList<MatrixRuleViolation> Dropped { get; init; } = [];

    /// <summary>
    /// The GitHub Actions matrix: <c>{"include":[{"id":..,"os":..,"env":..,"arch":..,"io":..,"tls":..,"optional":..,"runs-on":[..]}]}</c>,
    /// for <c>strategy.matrix: ${{ fromJSON(...) }}</c> and <c>runs-on: ${{ matrix.runs-on }}</c>.
    /// </summary>
    /// <param name="indented">True for people; false (the default) for a single line that fits <c>$GITHUB_OUTPUT</c>.</param>
    /// <returns>The JSON text.</returns>
    public string ToGitHubMatrixJson(bool indented = false) =>
        MatrixJsonWriter.Write(
            Jobs.Select(job => MatrixJsonWriter.Row(job.Id, job.Os, job.Environment, job.Architecture, job.Io, job.Tls, job.Optional, job.GetRunsOnLabels())),
            indented);
}
