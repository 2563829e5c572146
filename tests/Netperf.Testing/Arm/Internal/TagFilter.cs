using System.Text.RegularExpressions;

namespace Netperf.Testing.Arm.Internal;

/// <summary>ARM's list <c>$filter</c> for tags: <c>tagName eq 'n'</c> optionally <c>and tagValue eq 'v'</c>.</summary>
internal sealed partial class TagFilter
{
    private TagFilter(string name, string? value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string? Value { get; }

    /// <summary>Parses the filter; <see langword="null"/> when there is none; throws <see cref="FormatException"/> when unsupported.</summary>
    public static TagFilter? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var match = FilterPattern().Match(filter.Trim());
        if (!match.Success)
        {
            throw new FormatException($"Unsupported $filter '{filter}'.");
        }

        return new TagFilter(match.Groups["name"].Value, match.Groups["value"].Success ? match.Groups["value"].Value : null);
    }

    public bool Matches(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(Name, out var value) && (Value is null || string.Equals(value, Value, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^tagName eq '(?<name>[^']*)'(\s+and\s+tagValue eq '(?<value>[^']*)')?$", RegexOptions.IgnoreCase)]
    private static partial Regex FilterPattern();
}
