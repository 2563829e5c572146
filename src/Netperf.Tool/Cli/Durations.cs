using System.CommandLine.Parsing;
using System.Globalization;

namespace Netperf.Tool.Cli;

/// <summary>Parses durations people type: <c>500ms</c>, <c>2s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>, or a TimeSpan such as <c>00:00:02</c>.</summary>
internal static class Durations
{
    /// <summary>
    /// The longest duration an option takes: a timer (a timeout, a cleanup bound, a delay) waits at most about 49.7 days,
    /// and a pair's time to live is added to the clock; longer is a typo, not a wish.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(49);

    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        var parsed = TryParse(text, out var value);
        if (parsed && value > TimeSpan.Zero && value <= Longest)
        {
            return value;
        }

        result.AddError((parsed && value > Longest) || IsTooLong(text)
            ? $"'{text}' is longer than {Format(Longest)}, the longest duration an option takes."
            : $"'{text}' is not a positive duration; use 500ms, 2s, 30m, 2h, 1d or hh:mm:ss.");
        return TimeSpan.Zero;
    }

    /// <summary>
    /// Reads a duration; false for text that is none, and for a number that is not finite or too large for a
    /// <see cref="TimeSpan"/> (<c>1e9d</c>, <c>NaNs</c>), which <c>TimeSpan.FromDays</c> and friends would throw on.
    /// </summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        if (UnitNumber(text) is { } unit)
        {
            value = unit.Ticks is { } ticks ? TimeSpan.FromTicks(ticks) : default;
            return unit.Ticks is not null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsTooLong(string text) => UnitNumber(text) is { Ticks: null, Number: var n } && !double.IsNaN(n);

    /// <summary>A number with a unit suffix, with its ticks, or null ticks when it is not finite or too large.</summary>
    private static (double Number, long? Ticks)? UnitNumber(string text)
    {
        (string Suffix, long TicksPerUnit)[] units =
        [
            ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour), ("d", TimeSpan.TicksPerDay),
        ];
        foreach (var (suffix, perUnit) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                var ticks = number * perUnit;
                return (number, double.IsFinite(ticks) && Math.Abs(ticks) < TimeSpan.MaxValue.Ticks ? (long)Math.Round(ticks) : null);
            }
        }

        return null;
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
