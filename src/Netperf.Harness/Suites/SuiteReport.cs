using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Harness.Suites;

/// <summary>Everything one suite run on a pair produced: the pair, its readiness, and the suite's results.</summary>
public sealed record SuiteReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The schema version of the JSON file.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The environment the pair came from.</summary>
    public required string Environment { get; init; }

    /// <summary>The pair's id.</summary>
    public required string PairId { get; init; }

    /// <summary>The client machine's name.</summary>
    public required string Client { get; init; }

    /// <summary>The peer machine's name and the address the client used.</summary>
    public required string Peer { get; init; }

    /// <summary>How the client reached the peer (from the readiness report).</summary>
    public required string Transport { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Measured seconds per test.</summary>
    public required int Duration { get; init; }

    /// <summary>Warm-up seconds per test.</summary>
    public required int Warmup { get; init; }

    /// <summary>The results, in suite order.</summary>
    public required IReadOnlyList<SuiteResult> Results { get; init; }

    /// <summary>The heading of the Markdown (not in the JSON file). Default <c>Netperf network tests</c>.</summary>
    [JsonIgnore]
    public string Title { get; init; } = "Netperf network tests";

    /// <summary>True when every test succeeded and its server was checked gone (not in the JSON file).</summary>
    [JsonIgnore]
    public bool Succeeded => Results.All(r => r.Status == "succeeded" && r.ServerStopped);

    /// <summary>Creates the report of a run on a pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="readiness">Its readiness report.</param>
    /// <param name="options">The run's options (durations, title).</param>
    /// <param name="startedAt">When the run started.</param>
    /// <param name="results">The results, in suite order.</param>
    /// <returns>The report.</returns>
    public static SuiteReport For(VmPair pair, ReadinessReport readiness, NetworkTestHarnessOptions options, DateTimeOffset startedAt, IReadOnlyList<SuiteResult> results)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(options);
        return new SuiteReport
        {
            Title = options.Title,
            Environment = pair.Environment,
            PairId = pair.Id,
            Client = pair.Client.Name,
            Peer = $"{pair.Peer.Name} ({string.Join(", ", pair.Peer.Addresses)})",
            Transport = readiness.Transport,
            StartedAt = startedAt,
            Duration = options.Duration,
            Warmup = options.Warmup,
            Results = results,
        };
    }

    /// <summary>The console table.</summary>
    /// <returns>The table's text.</returns>
    public string ToTable()
    {
        var rows = Results.Select(r => new[]
        {
            r.Key, r.Test, r.Status == "succeeded" ? $"{r.Value.ToString(r.Value >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture)} {r.Unit}" : r.Status,
            r.Status == "succeeded" ? r.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-",
            Latency(r), Agreement(r), r.ServerStopped ? "yes" : "NO", Counters(r),
        }).ToList();
        string[] header = ["test", "perf test", "result", "ops/s", "latency p50/p99", "client vs server", "server stopped", "counters client | server"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        }

        foreach (var failed in Results.Where(r => r.Error is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{failed.Key}: {failed.Error}");
        }

        return text.ToString();
    }

    /// <summary>The Markdown (a GitHub job summary).</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {Title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Pair `{PairId}` in `{Environment}`: client `{Client}` → peer `{Peer}` over {Transport}; {Duration} s per test after {Warmup} s warm-up; started {StartedAt:u}.");
        text.AppendLine();
        text.AppendLine("| test | perf test | result | ops/s | latency p50/p99 | client vs server | server stopped | counters client \\| server |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | --- | --- | --- |");
        foreach (var r in Results)
        {
            var value = r.Status == "succeeded" ? $"{r.Value.ToString(r.Value >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture)} {r.Unit}" : $"**{r.Status}**";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Key} | {r.Test} | {value} | {(r.Status == "succeeded" ? r.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {Latency(r)} | {Agreement(r)} | {(r.ServerStopped ? "yes" : "no")} | {Counters(r).Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        foreach (var failed in Results.Where(r => r.Error is not null))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"- `{failed.Key}`: {failed.Error}");
        }

        return text.ToString();
    }

    /// <summary>The JSON file's text.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static string Latency(SuiteResult r) =>
        r.LatencyMilliseconds.TryGetValue("p50", out var p50) && r.LatencyMilliseconds.TryGetValue("p99", out var p99)
            ? FormattableString.Invariant($"{p50:0.###}/{p99:0.###} ms")
            : "-";

    private static string Counters(SuiteResult r) => r.ClientCounters is null && r.ServerCounters is null
        ? "-"
        : $"{r.ClientCounters?.Describe() ?? "-"} | {r.ServerCounters?.Describe() ?? "-"}";

    private static string Agreement(SuiteResult r) => r.RelativeDifference is not { } difference
        ? "-"
        : FormattableString.Invariant($"{r.ClientCount:N0} / {r.ServerCount:N0} {r.CountUnit} ({(r.CountUnit == "datagrams" ? "loss " : "Δ ")}{difference:P2}{(r.KernelDrops is { } drops ? $", kernel drops {drops:N0}" : string.Empty)})");
}
