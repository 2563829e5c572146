using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Netperf.Results.Csv.Internal;
using Netperf.Results.Series;

namespace Netperf.Results.Csv;

/// <summary>
/// The CSV a team brings its history in and takes it out with. The header is <c>series,timestamp,value,unit,commit</c>
/// followed by any number of <c>label:NAME</c> columns. Timestamps are ISO 8601 (UTC when they carry no offset);
/// values use <c>.</c> as the decimal point; higher is better unless the unit says otherwise
/// (<see cref="ResultUnits.HigherIsBetter"/>). The labels <c>run</c>, <c>machine</c>, <c>peer</c> and <c>pair</c>
/// are attributes of the point (<see cref="SeriesLabels.PointAttributes"/>); every other label, with the series
/// name, makes the series (its bucket). An empty label value means the label is absent.
/// </summary>
/// <remarks>
/// <see cref="WriteAsync"/> writes the canonical form (label columns sorted by name, rows by series, time and run,
/// UTC times with the fraction only when there is one, the shortest round-trip value text), so exporting an
/// imported canonical file gives back the same bytes.
/// </remarks>
public static partial class ResultCsv
{
    /// <summary>The fixed columns, in order.</summary>
    public static IReadOnlyList<string> FixedColumns { get; } = ["series", "timestamp", "value", "unit", "commit"];

    /// <summary>The prefix of a label column.</summary>
    public const string LabelPrefix = "label:";

    /// <summary>Reads every row; nothing is returned unless every row is valid.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The file's name, for messages (<c>SOURCE:LINE: problem</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The points, in file order.</returns>
    /// <exception cref="ResultsException">A bad header or row; the message has the line number (<see cref="ResultsErrorKind.BadInput"/>).</exception>
    public static async Task<IReadOnlyList<ResultPoint>> ReadAsync(TextReader reader, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var records = new CsvRecordReader(reader, source);
        var header = await records.ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ResultsException(ResultsErrorKind.BadInput, $"{source}: the file is empty; it needs the header {string.Join(',', FixedColumns)}[,label:NAME...].");
        var labels = ReadHeader(source, header.Line, header.Fields);
        var points = new List<ResultPoint>();
        var units = new Dictionary<string, (string Unit, int Line)>(StringComparer.Ordinal);
        while (await records.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            var point = ReadRow(source, record.Line, record.Fields, labels);
            if (units.TryGetValue(point.Series.Canonical, out var first) && !string.Equals(first.Unit, point.Unit, StringComparison.Ordinal))
            {
                throw new ResultsException(ResultsErrorKind.BadInput,
                    $"{source}:{record.Line}: unit '{point.Unit}' differs from '{first.Unit}' on line {first.Line} for the same series; a series keeps one unit.");
            }

            units.TryAdd(point.Series.Canonical, (point.Unit, record.Line));
            points.Add(point);
        }

        return points;
    }

    /// <summary>Writes points as canonical CSV (see the class remarks).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="points">The points, in any order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many rows were written.</returns>
    public static async Task<int> WriteAsync(TextWriter writer, IEnumerable<ResultPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(points);
        var rows = points.OrderBy(p => p.Series.Canonical, StringComparer.Ordinal).ThenBy(p => p.Timestamp.UtcTicks).ThenBy(p => p.Run, StringComparer.Ordinal).ToList();
        var columns = rows.SelectMany(p => p.Series.Labels.Keys).Concat(SeriesLabels.PointAttributes.Where(a => rows.Any(p => Attribute(p, a) is { Length: > 0 })))
            .Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();
        var line = new StringBuilder();
        line.AppendJoin(',', FixedColumns);
        foreach (var column in columns)
        {
            line.Append(',').Append(Quote(LabelPrefix + column));
        }

        await writer.WriteAsync(line.Append('\n'), cancellationToken).ConfigureAwait(false);
        foreach (var point in rows)
        {
            line.Clear()
                .Append(Quote(point.Series.Name)).Append(',')
                .Append(FormatTimestamp(point.Timestamp)).Append(',')
                .Append(point.Value.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(point.Unit)).Append(',')
                .Append(Quote(point.Commit ?? string.Empty));
            foreach (var column in columns)
            {
                line.Append(',').Append(Quote(SeriesLabels.PointAttributes.Contains(column) ? Attribute(point, column) ?? string.Empty : point.Series[column] ?? string.Empty));
            }

            await writer.WriteAsync(line.Append('\n'), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>The canonical timestamp text: UTC, <c>yyyy-MM-ddTHH:mm:ss[.fffffff]Z</c> with trailing zeros of the fraction left out.</summary>
    /// <param name="timestamp">The time.</param>
    /// <returns>The text.</returns>
    public static string FormatTimestamp(DateTimeOffset timestamp)
    {
        var utc = timestamp.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text + "Z" : text + "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }

    private static List<string> ReadHeader(string source, int line, List<string> fields)
    {
        for (var i = 0; i < FixedColumns.Count; i++)
        {
            if (i >= fields.Count || !string.Equals(fields[i].Trim(), FixedColumns[i], StringComparison.OrdinalIgnoreCase))
            {
                throw new ResultsException(ResultsErrorKind.BadInput,
                    $"{source}:{line}: the header must start with {string.Join(',', FixedColumns)} (then label:NAME columns); column {i + 1} is '{(i < fields.Count ? fields[i] : string.Empty)}'.");
            }
        }

        var labels = new List<string>();
        foreach (var column in fields.Skip(FixedColumns.Count))
        {
            var name = column.Trim();
            if (!name.StartsWith(LabelPrefix, StringComparison.Ordinal) || !SeriesKey.IsValidLabelName(name[LabelPrefix.Length..]))
            {
                throw new ResultsException(ResultsErrorKind.BadInput,
                    $"{source}:{line}: column '{column}' is not label:NAME (NAME of letters, digits, '_', '.', '-').");
            }

            if (labels.Contains(name[LabelPrefix.Length..]))
            {
                throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{line}: the column '{name}' appears twice.");
            }

            labels.Add(name[LabelPrefix.Length..]);
        }

        return labels;
    }

    private static ResultPoint ReadRow(string source, int line, List<string> fields, List<string> labels)
    {
        var expected = FixedColumns.Count + labels.Count;
        if (fields.Count != expected)
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{line}: {fields.Count} fields, the header has {expected}.");
        }

        var series = fields[0].Trim();
        if (series.Length == 0)
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{line}: the series is empty.");
        }

        var timestampText = fields[1].Trim();
        if (!IsoTimestamp().IsMatch(timestampText)
            || !DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            throw new ResultsException(ResultsErrorKind.BadInput,
                $"{source}:{line}: timestamp '{fields[1]}' is not ISO 8601 (for example 2026-01-31T12:00:00Z or 2026-01-31T14:00:00+02:00).");
        }

        if (!double.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{line}: value '{fields[2]}' is not a finite number (use '.' as the decimal point).");
        }

        var bucket = new List<KeyValuePair<string, string>>();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            var text = fields[FixedColumns.Count + i];
            if (SeriesLabels.PointAttributes.Contains(labels[i]))
            {
                attributes[labels[i]] = text;
            }
            else
            {
                bucket.Add(new(labels[i], text));
            }
        }

        string? Optional(string text) => text.Length == 0 ? null : text;
        return new ResultPoint
        {
            Series = new SeriesKey(series, bucket),
            Unit = fields[3].Trim(),
            Timestamp = timestamp,
            Value = value,
            Commit = Optional(fields[4].Trim()),
            Run = attributes.GetValueOrDefault(SeriesLabels.Run) ?? string.Empty,
            Machine = Optional(attributes.GetValueOrDefault(SeriesLabels.Machine) ?? string.Empty),
            Peer = Optional(attributes.GetValueOrDefault(SeriesLabels.Peer) ?? string.Empty),
            Pair = Optional(attributes.GetValueOrDefault(SeriesLabels.Pair) ?? string.Empty),
        };
    }

    private static string? Attribute(ResultPoint point, string attribute) => attribute switch
    {
        SeriesLabels.Run => point.Run,
        SeriesLabels.Machine => point.Machine,
        SeriesLabels.Peer => point.Peer,
        SeriesLabels.Pair => point.Pair,
        _ => null,
    };

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTimestamp();
}
