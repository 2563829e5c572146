using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Netperf.Tool.Cli;

/// <summary>
/// Whole-number options with a range (<c>--count</c>, <c>--attempts</c>, <c>--rounds</c>): one parser, so text that is no
/// number (<c>abc</c>, <c>1e9</c>, an empty value), one beyond <see cref="int"/> and one out of range all get the same
/// one-line usage error naming the option and its range. A validator that reads the value instead would throw on text
/// that did not convert, past System.CommandLine's error reporting.
/// </summary>
internal static class WholeNumbers
{
    /// <summary>An <see cref="int"/> option that accepts <paramref name="min"/> to <paramref name="max"/> only.</summary>
    public static Option<int> Option(string name, string description, int defaultValue, int min, int max, params string[] aliases) => new(name, aliases)
    {
        Description = $"{description} From {min} to {max}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse(r, name, min, max),
    };

    private static int Parse(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'.");
        return min;
    }
}
