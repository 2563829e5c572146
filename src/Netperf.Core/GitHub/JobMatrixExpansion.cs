using System.Text.Json;
using System.Text.Json.Nodes;

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
    public string ToGitHubMatrixJson(bool indented = false)
    {
        var include = new JsonArray();
        foreach (var job in Jobs)
        {
            var labels = new JsonArray();
            foreach (var label in job.GetRunsOnLabels())
            {
                labels.Add(label);
            }

            include.Add(new JsonObject
            {
                ["id"] = job.Id,
                ["os"] = job.Os,
                ["env"] = job.Environment,
                ["arch"] = job.Architecture,
                ["io"] = job.Io,
                ["tls"] = job.Tls,
                ["optional"] = job.Optional,
                ["runs-on"] = labels,
            });
        }

        return new JsonObject { ["include"] = include }.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }
}
