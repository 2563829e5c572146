using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Netperf.Perf.Results;
using Netperf.Results.Series;

namespace Netperf.Results.Ingest;

/// <summary>
/// Reads a Netperf.Perf results file (the JSON contract of <c>docs/perf-tests.md</c>) into a <see cref="ResultRun"/>:
/// its provenance, and, for a succeeded run, one point per metric: <c>TEST/ops-per-second</c> (<c>ops/s</c>) and,
/// with <c>--latency</c>, <c>TEST/latency-p50</c> and <c>TEST/latency-p99</c> (<c>ns</c>, the mean over iterations).
/// </summary>
public static class ResultFile
{
    /// <summary>
    /// Options that do not change what is measured and so do not split a bucket: where results go, how often
    /// status prints, and where the peer is (each pair has its own address).
    /// </summary>
    public static IReadOnlyList<string> DefaultIgnoredOptions { get; } =
    [
        "results-file", "status-interval", "export", "job-statistics", "outcome-file", "no-cleanup",
        "peer", "server-via", "server-dll", "server-bind", "test-proxies",
    ];

    /// <summary>Reads and checks one results file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="ignoredOptions">Options left out of the bucket; <see cref="DefaultIgnoredOptions"/> when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ResultsException">The file is not a Netperf results file, is truncated or damaged, or was written by a newer Netperf (<see cref="ResultsErrorKind.BadInput"/>).</exception>
    public static async Task<ResultRun> ReadAsync(string path, IEnumerable<string>? ignoredOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{path}: no such file.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException(ResultsErrorKind.Environment, $"{path}: cannot be read: {ex.Message}", ex);
        }

        return Parse(path, bytes, ignoredOptions);
    }

    /// <summary>Parses the bytes of a results file (see <see cref="ReadAsync"/>).</summary>
    /// <param name="source">The file's name, for messages.</param>
    /// <param name="bytes">Its content.</param>
    /// <param name="ignoredOptions">Options left out of the bucket; <see cref="DefaultIgnoredOptions"/> when null.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ResultsException">The content is not a Netperf results file (<see cref="ResultsErrorKind.BadInput"/>).</exception>
    public static ResultRun Parse(string source, ReadOnlySpan<byte> bytes, IEnumerable<string>? ignoredOptions = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Parse(source, bytes, ignoredOptions, skipForeign: false)!;
    }

    /// <summary>Like <see cref="Parse(string, ReadOnlySpan{byte}, IEnumerable{string}?)"/>, but valid JSON that is not a results file gives null when <paramref name="skipForeign"/> is set.</summary>
    internal static ResultRun? Parse(string source, ReadOnlySpan<byte> bytes, IEnumerable<string>? ignoredOptions, bool skipForeign)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}" : string.Empty;
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}: not valid JSON{where} (truncated or damaged?): {ex.Message} Re-run the test or leave the file out.", ex);
        }

        using (document)
        {
            if (skipForeign && !LooksLikeResults(document.RootElement))
            {
                return null;
            }

            return Read(source, id, document.RootElement, (ignoredOptions ?? DefaultIgnoredOptions).ToHashSet(StringComparer.Ordinal));
        }
    }

    private static bool LooksLikeResults(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out _) && root.TryGetProperty("test", out _);

    private static ResultRun Read(string source, string id, JsonElement root, HashSet<string> ignored)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !root.TryGetProperty("test", out var testElement) || testElement.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("status", out var statusElement) || statusElement.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("startedAt", out var startedElement) || startedElement.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("iterations", out var iterations) || iterations.ValueKind != JsonValueKind.Array)
        {
            throw new ResultsException(ResultsErrorKind.BadInput,
                $"{source}: not a Netperf results file (it needs schemaVersion, test, status, startedAt and iterations, as --results-file writes them).");
        }

        if (!version.TryGetInt32(out var schema) || schema < 1 || schema > PerfRunResult.CurrentSchemaVersion)
        {
            throw new ResultsException(ResultsErrorKind.BadInput,
                $"{source}: results-file schema version {version.GetRawText()} is not one this Netperf.Results reads (1 to {PerfRunResult.CurrentSchemaVersion}); use a newer Netperf.Results.");
        }

        var test = testElement.GetString()!;
        if (string.IsNullOrWhiteSpace(test))
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}: the test's name is empty.");
        }

        if (!DateTimeOffset.TryParse(startedElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startedAt))
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}: startedAt '{startedElement.GetString()}' is not an ISO 8601 time.");
        }

        var status = statusElement.GetString()!;
        var options = ReadOptions(root);
        var provenance = ReadProvenance(source, root);
        var labels = new List<KeyValuePair<string, string>>
        {
            new(SeriesLabels.Environment, provenance?.Environment ?? string.Empty),
            new(SeriesLabels.Image, provenance?.Image ?? string.Empty),
            new(SeriesLabels.Size, provenance?.Size ?? string.Empty),
            new(SeriesLabels.Options, string.Join(' ', options.Where(o => !ignored.Contains(o.Key)).Select(o => o.Key + "=" + o.Value))),
        };
        var machine = provenance?.Client?.HostName is { Length: > 0 } host ? host
            : root.TryGetProperty("environment", out var env) && env.ValueKind == JsonValueKind.Object && env.TryGetProperty("machineName", out var name) ? name.GetString() : null;
        var points = new List<ResultPoint>();
        if (string.Equals(status, "succeeded", StringComparison.OrdinalIgnoreCase) && iterations.GetArrayLength() > 0)
        {
            ResultPoint Point(string metric, string unit, double value) => new()
            {
                Series = new SeriesKey(test + "/" + metric, labels),
                Unit = unit,
                Timestamp = startedAt.ToUniversalTime(),
                Value = value,
                Commit = provenance?.Commit,
                Run = id,
                Machine = machine,
                Peer = provenance?.Peer?.HostName is { Length: > 0 } peer ? peer : null,
                Pair = provenance?.PairId,
            };

            var opsPerSecond = Mean(iterations, i => i.TryGetProperty("opsPerSecond", out var ops) && ops.ValueKind == JsonValueKind.Number ? ops.GetDouble() : null);
            if (opsPerSecond is { } ops)
            {
                points.Add(Point("ops-per-second", "ops/s", ops));
            }

            foreach (var (metric, property) in new[] { ("latency-p50", "p50"), ("latency-p99", "p99") })
            {
                var latency = Mean(iterations, i => i.TryGetProperty("latency", out var l) && l.ValueKind == JsonValueKind.Object
                    && l.TryGetProperty("serviceTime", out var s) && s.ValueKind == JsonValueKind.Object
                    && s.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null);
                if (latency is { } value)
                {
                    points.Add(Point(metric, "ns", value));
                }
            }
        }

        return new ResultRun
        {
            Id = id,
            Source = source,
            Test = test,
            Status = status,
            StartedAt = startedAt.ToUniversalTime(),
            Options = options,
            Provenance = provenance,
            Points = points,
        };
    }

    private static double? Mean(JsonElement iterations, Func<JsonElement, double?> value)
    {
        var values = iterations.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(value).OfType<double>().Where(double.IsFinite).ToList();
        return values.Count == 0 ? null : values.Average();
    }

    private static SortedDictionary<string, string> ReadOptions(JsonElement root)
    {
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("options", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var option in element.EnumerateObject())
            {
                switch (option.Value.ValueKind)
                {
                    case JsonValueKind.Null or JsonValueKind.Undefined:
                        break;
                    case JsonValueKind.String:
                        options[option.Name] = option.Value.GetString()!;
                        break;
                    default:
                        options[option.Name] = option.Value.GetRawText();
                        break;
                }
            }
        }

        return options;
    }

    private static PerfProvenance? ReadProvenance(string source, JsonElement root)
    {
        if (!root.TryGetProperty("provenance", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return element.Deserialize<PerfProvenance>(PerfResultsFile.SerializerOptions);
        }
        catch (JsonException ex)
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}: the provenance object is not valid: {ex.Message}", ex);
        }
    }
}
