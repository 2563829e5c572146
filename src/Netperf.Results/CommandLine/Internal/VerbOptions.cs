using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Netperf.Results.CommandLine.Internal;

/// <summary>The options several verbs share.</summary>
internal static class VerbOptions
{
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true };

    public static Option<string?> Store() => new("--store")
    {
        Description = $"A SQLite file or a PostgreSQL connection string (Host=...; password in PGPASSWORD). Default: ${ResultsCommand.StoreVariable}, else netperf-results/history.db.",
    };

    public static Option<string?> Series(string? description = null) => new("--series")
    {
        Description = description ?? "Only series whose key contains this text (case-insensitive).",
    };

    public static Option<string[]> Across() => new("--across")
    {
        Description = "Compare across this label too (environment, image, size, options or a CSV label); repeatable. By default a series is compared only within its bucket.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Since() => new("--since")
    {
        Description = "Only regressions from this time count toward verdicts: ISO 8601, or an age such as 7d, 36h (earlier changes are still listed).",
    };

    /// <summary>Parses <c>--since</c>: an ISO 8601 time, or an age (<c>Nd</c>, <c>Nh</c>, <c>Nm</c>) before now.</summary>
    public static DateTimeOffset? ParseSince(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (t.Length > 1 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? age = t[^1] switch { 'd' => TimeSpan.FromDays(amount), 'h' => TimeSpan.FromHours(amount), 'm' => TimeSpan.FromMinutes(amount), _ => null };
            if (age is { } a)
            {
                return TimeProvider.System.GetUtcNow() - a;
            }
        }

        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new ResultsException(ResultsErrorKind.BadInput, $"--since '{text}' is neither an ISO 8601 time nor an age such as 7d or 36h.");
    }
}
