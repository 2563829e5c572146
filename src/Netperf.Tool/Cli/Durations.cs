using System.CommandLine.Parsing;
using System.Globalization;

namespace Netperf.Tool.Cli;

/// <summary>Parses durations people type: <c>500ms</c>, <c>2s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>, or a TimeSpan such as <c>00:00:02</c>.</summary>
internal static class Durations
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        result.AddError($"'{text}' is not a positive duration; use 500ms, 2s, 30m, 2h, 1d or hh:mm:ss.");
        return TimeSpan.Zero;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        ];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                value = make(number);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats a duration the way people type it, in the largest whole unit: <c>5m</c>, <c>90s</c>, <c>2h</c>, <c>250ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        (long Ticks, string Suffix)[] units =
        [
            (TimeSpan.TicksPerDay, "d"), (TimeSpan.TicksPerHour, "h"), (TimeSpan.TicksPerMinute, "m"), (TimeSpan.TicksPerSecond, "s"),
        ];
        foreach (var (ticks, suffix) in units)
        {
            if (value.Ticks >= ticks && value.Ticks % ticks == 0)
            {
                return (value.Ticks / ticks).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
