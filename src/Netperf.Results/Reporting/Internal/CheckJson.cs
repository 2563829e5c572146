using System.Text.Json;
using System.Text.Json.Nodes;
using Netperf.Results.Detection;

namespace Netperf.Results.Reporting.Internal;

/// <summary>The JSON of <c>results check --json</c>: an array, one object per series.</summary>
internal static class CheckJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Format(CheckReport report)
    {
        var array = new JsonArray();
        foreach (var series in report.Series)
        {
            var culprit = series.Culprit;
            array.Add(new JsonObject
            {
                ["key"] = series.Key.Canonical,
                ["name"] = series.Key.Name,
                ["labels"] = new JsonObject(series.Key.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value)))),
                ["unit"] = series.Unit,
                ["higherIsBetter"] = series.HigherIsBetter,
                ["points"] = series.PointCount,
                ["verdict"] = ReportText.Verdict(series.Verdict),
                ["when"] = culprit?.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["before"] = culprit?.Before,
                ["after"] = culprit?.After,
                ["effect"] = culprit?.Effect,
                ["effectLow"] = culprit?.EffectLow,
                ["effectHigh"] = culprit?.EffectHigh,
                ["pointsAfter"] = culprit?.PointsAfter,
                ["commitBefore"] = culprit?.CommitBefore,
                ["commitAfter"] = culprit?.CommitAfter,
                ["changes"] = new JsonArray([.. series.Changes.Select(Change)]),
                ["gaps"] = new JsonArray([.. series.Gaps.Select(g => (JsonNode)new JsonObject
                {
                    ["from"] = g.From.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["to"] = g.To.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["timesUsual"] = Math.Round(g.TimesUsual, 2),
                })]),
            });
        }

        return array.ToJsonString(Options);
    }

    private static JsonObject Change(ChangePoint change) => new()
    {
        ["index"] = change.Index,
        ["when"] = change.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["direction"] = change.Direction == ChangeDirection.Regression ? "regression" : "improvement",
        ["method"] = change.Method == ChangeMethod.EDivisive ? "e-divisive" : "tail",
        ["confirmed"] = change.Confirmed,
        ["recovered"] = change.Recovered,
        ["before"] = change.Before,
        ["after"] = change.After,
        ["effect"] = change.Effect,
        ["effectLow"] = change.EffectLow,
        ["effectHigh"] = change.EffectHigh,
        ["pValue"] = change.PValue,
        ["pointsAfter"] = change.PointsAfter,
        ["commitBefore"] = change.CommitBefore,
        ["commitAfter"] = change.CommitAfter,
        ["machinesAfter"] = new JsonArray([.. change.MachinesAfter.Select(m => (JsonNode?)JsonValue.Create(m))]),
    };
}
