using System.Text;
using System.Text.RegularExpressions;

namespace Netperf.Results.Series;

/// <summary>
/// What a series is: a metric's name (for a result file, <c>TEST/METRIC</c>) and the labels of its bucket
/// (for a result file: <c>environment</c>, <c>image</c>, <c>size</c>, <c>options</c>). Points are compared only
/// within one series, so results of different buckets are never judged against each other unless a
/// check is asked to compare across a label (<see cref="Without"/>).
/// </summary>
public sealed partial class SeriesKey : IEquatable<SeriesKey>
{
    private readonly SortedDictionary<string, string> _labels;

    /// <summary>Creates a key.</summary>
    /// <param name="name">The metric's name (not empty).</param>
    /// <param name="labels">The bucket's labels; empty values are left out. Names are letters, digits, <c>_ . -</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or a label name is not valid.</exception>
    public SeriesKey(string name, IEnumerable<KeyValuePair<string, string>>? labels = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        _labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, value) in labels ?? [])
        {
            if (!IsValidLabelName(label))
            {
                throw new ArgumentException($"'{label}' is not a valid label name: use letters, digits, '_', '.' or '-'.", nameof(labels));
            }

            if (!string.IsNullOrEmpty(value))
            {
                _labels[label] = value;
            }
        }

        Canonical = Format(Name, _labels);
    }

    /// <summary>The metric's name.</summary>
    public string Name { get; }

    /// <summary>The labels, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Labels => _labels;

    /// <summary>The key as text: <c>NAME{label="value",...}</c> (labels sorted, <c>"</c> and <c>\</c> escaped); just NAME without labels.</summary>
    public string Canonical { get; }

    /// <summary>True when <paramref name="name"/> may be a label name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValidLabelName(string? name) => name is not null && LabelName().IsMatch(name);

    /// <summary>The same series without some labels: what a check compares across when asked to.</summary>
    /// <param name="labels">The labels to drop.</param>
    /// <returns>The wider key.</returns>
    public SeriesKey Without(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var drop = labels.ToHashSet(StringComparer.Ordinal);
        return drop.Count == 0 ? this : new SeriesKey(Name, _labels.Where(l => !drop.Contains(l.Key)));
    }

    /// <summary>A label's value, or null when the key has no such label.</summary>
    /// <param name="label">The label's name.</param>
    /// <returns>The value or null.</returns>
    public string? this[string label] => _labels.GetValueOrDefault(label);

    /// <inheritdoc />
    public bool Equals(SeriesKey? other) => other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    /// <summary>The canonical text.</summary>
    /// <returns><see cref="Canonical"/>.</returns>
    public override string ToString() => Canonical;

    private static string Format(string name, SortedDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return name;
        }

        var text = new StringBuilder(name).Append('{');
        var first = true;
        foreach (var (label, value) in labels)
        {
            text.Append(first ? string.Empty : ",").Append(label).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            first = false;
        }

        return text.Append('}').ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex LabelName();
}
