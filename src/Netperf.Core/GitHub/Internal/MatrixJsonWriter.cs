using System.Text.Json;
using System.Text.Json.Nodes;

namespace Netperf.Core.GitHub.Internal;

/// <summary>
/// Writes the GitHub Actions matrix (<c>{"include":[...]}</c>) in one shape for the matrix as expanded
/// (<see cref="JobMatrixExpansion.ToGitHubMatrixJson"/>) and as provisioned (<see cref="Runs.RunPlan.ToGitHubMatrixJson"/>),
/// which adds its own fields to each row.
/// </summary>
internal static class MatrixJsonWriter
{
    /// <summary>One <c>include</c> row: the job's coordinates, then <paramref name="extra"/>, then <c>runs-on</c>.</summary>
    public static JsonObject Row(string id, string os, string environment, string architecture, string io, string tls, bool optional, IEnumerable<string> runsOn, IEnumerable<KeyValuePair<string, JsonNode?>>? extra = null)
    {
        var row = new JsonObject
        {
            ["id"] = id,
            ["os"] = os,
            ["env"] = environment,
            ["arch"] = architecture,
            ["io"] = io,
            ["tls"] = tls,
            ["optional"] = optional,
        };
        foreach (var (name, value) in extra ?? [])
        {
            row[name] = value;
        }

        row["runs-on"] = new JsonArray([.. runsOn.Select(label => (JsonNode?)JsonValue.Create(label))]);
        return row;
    }

    /// <summary>The matrix of <paramref name="rows"/>.</summary>
    public static string Write(IEnumerable<JsonObject> rows, bool indented) =>
        new JsonObject { ["include"] = new JsonArray([.. rows]) }.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
}
