using System.Globalization;
using System.Text.Json;

namespace Netperf.Core.GitHub.Internal;

/// <summary>Reads GitHub's JSON shapes into Netperf's records.</summary>
internal static class GitHubJson
{
    public static RunnerInfo ReadRunner(JsonElement e) => new()
    {
        Id = e.GetProperty("id").GetInt64(),
        Name = ReadString(e, "name") ?? string.Empty,
        Os = ReadString(e, "os") ?? "unknown",
        Status = string.Equals(ReadString(e, "status"), "online", StringComparison.OrdinalIgnoreCase) ? RunnerStatus.Online : RunnerStatus.Offline,
        Busy = e.TryGetProperty("busy", out var busy) && busy.ValueKind == JsonValueKind.True,
        Ephemeral = e.TryGetProperty("ephemeral", out var eph) && eph.ValueKind == JsonValueKind.True,
        RunnerGroupId = e.TryGetProperty("runner_group_id", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetInt64() : 1,
        Labels = e.TryGetProperty("labels", out var labels) ? ReadLabels(labels) : [],
    };

    public static IReadOnlyList<RunnerLabel> ReadLabels(JsonElement array) =>
        array.ValueKind != JsonValueKind.Array
            ? []
            : array.EnumerateArray().Select(l => new RunnerLabel
            {
                Name = ReadString(l, "name") ?? string.Empty,
                Type = string.Equals(ReadString(l, "type"), "read-only", StringComparison.OrdinalIgnoreCase) ? RunnerLabelType.ReadOnly : RunnerLabelType.Custom,
            }).ToList();

    public static string? ReadString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static DateTimeOffset? ReadTime(JsonElement e, string name) =>
        ReadString(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;
}
