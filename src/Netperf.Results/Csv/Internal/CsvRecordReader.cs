using System.Text;

namespace Netperf.Results.Csv.Internal;

/// <summary>
/// Splits RFC 4180 CSV into records: fields separated by commas, fields in double quotes may hold commas,
/// quotes (doubled) and line breaks. Each record carries the line it starts on, for messages.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, string source)
{
    private int _line;

    /// <summary>Reads the next record; null at the end. Blank lines are skipped.</summary>
    public async Task<(int Line, List<string> Fields)?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                return null;
            }

            _line++;
            if (text.Length == 0)
            {
                continue;
            }

            var start = _line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var i = 0;
            while (true)
            {
                if (i < text.Length && text[i] == '"' && field.Length == 0)
                {
                    // A quoted field, possibly over several lines.
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            var next = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                                ?? throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{start}: a quoted field is never closed (a '\"' is missing).");
                            _line++;
                            field.Append('\n');
                            text = next;
                            i = 0;
                            continue;
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        field.Append(text[i++]);
                    }

                    if (i < text.Length && text[i] != ',')
                    {
                        throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{_line}: text after a closing quote; a quoted field ends with '\"' then ',' or the line's end.");
                    }
                }
                else
                {
                    while (i < text.Length && text[i] != ',')
                    {
                        if (text[i] == '"')
                        {
                            throw new ResultsException(ResultsErrorKind.BadInput, $"{source}:{_line}: a '\"' inside an unquoted field; quote the field and double the quote.");
                        }

                        field.Append(text[i++]);
                    }
                }

                fields.Add(field.ToString());
                field.Clear();
                if (i >= text.Length)
                {
                    return (start, fields);
                }

                i++; // the comma
                if (i == text.Length)
                {
                    fields.Add(string.Empty);
                    return (start, fields);
                }
            }
        }
    }
}
