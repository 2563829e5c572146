using Netperf.Results.Csv;
using Netperf.Results.Series;

namespace Netperf.Results.Tests.Csv;

public sealed class ResultCsvTests
{
    private const string Canonical =
        "series,timestamp,value,unit,commit,label:environment,label:machine,label:note,label:run\n" +
        "TcpThroughputTest/ops-per-second,2026-01-02T03:04:05Z,12345.678,ops/s,abc,azure,vm-1,\"a, \"\"quoted\"\" note\",r1\n" +
        "TcpThroughputTest/ops-per-second,2026-01-03T03:04:05.25Z,0.1,ops/s,def,azure,vm-2,,r2\n" +
        "latency,2026-01-02T00:00:00Z,1.5E-07,s,,lab,,,\n";

    [Fact]
    public async Task WriteAsync_ReadCanonicalFile_SameBytes()
    {
        var points = await ResultCsv.ReadAsync(new StringReader(Canonical), "in.csv");
        using var written = new StringWriter();

        var rows = await ResultCsv.WriteAsync(written, points);

        Assert.Equal(3, rows);
        Assert.Equal(Canonical, written.ToString());
    }

    [Fact]
    public async Task ReadAsync_Row_LabelsMakeTheSeriesAndAttributesThePoint()
    {
        var points = await ResultCsv.ReadAsync(new StringReader(Canonical), "in.csv");

        var first = points[0];
        Assert.Equal(new SeriesKey("TcpThroughputTest/ops-per-second", [new("environment", "azure"), new("note", "a, \"quoted\" note")]), first.Series);
        Assert.Equal(("abc", "vm-1", "r1"), (first.Commit, first.Machine, first.Run));
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 3, 4, 5, 250, TimeSpan.Zero), points[1].Timestamp);
        Assert.Equal(string.Empty, points[2].Run);
        Assert.Null(points[2].Commit);
    }

    [Fact]
    public async Task WriteAsync_NonCanonicalInput_SameDataInCanonicalForm()
    {
        const string input =
            "Series,Timestamp,Value,Unit,Commit,label:run,label:environment\n" +
            "b,2026-01-02T05:04:05+02:00,7,ms,c2,,lab\n" +
            "a,2026-01-02,1.50,ms,c1,x,\n";

        var points = await ResultCsv.ReadAsync(new StringReader(input), "in.csv");
        using var written = new StringWriter();
        await ResultCsv.WriteAsync(written, points);

        Assert.Equal(
            "series,timestamp,value,unit,commit,label:environment,label:run\n" +
            "a,2026-01-02T00:00:00Z,1.5,ms,c1,,x\n" +
            "b,2026-01-02T03:04:05Z,7,ms,c2,lab,\n",
            written.ToString());
    }

    [Theory]
    [InlineData("x,yesterday,1,ms,c", 4, "timestamp 'yesterday' is not ISO 8601")]
    [InlineData("x,01/02/2026,1,ms,c", 4, "is not ISO 8601")]
    [InlineData("x,2026-01-02T00:00:00Z,1;5,ms,c", 4, "value '1;5' is not a finite number")]
    [InlineData("x,2026-01-02T00:00:00Z,NaN,ms,c", 4, "is not a finite number")]
    [InlineData("x,2026-01-02T00:00:00Z,1,ms", 4, "4 fields, the header has 5")]
    [InlineData(",2026-01-02T00:00:00Z,1,ms,c", 4, "the series is empty")]
    [InlineData("x,2026-01-02T00:00:00Z,1,s,c", 4, "unit 's' differs from 'ms' on line 2")]
    public async Task ReadAsync_BadRow_BadInputWithItsLineNumber(string row, int line, string problem)
    {
        // Line 3 holds a quoted field with a line break, so the bad row starts on physical line 4 (record 3).
        var text = "series,timestamp,value,unit,commit\nx,2026-01-01T00:00:00Z,1,ms,c\n\"x\",2026-01-01T01:00:00Z,2,ms,\"multi\nline\"\n" + row + "\n";

        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultCsv.ReadAsync(new StringReader(text), "history.csv"));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.StartsWith($"history.csv:{line + 1}: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timestamp,series,value,unit,commit", "the header must start with series,timestamp,value,unit,commit")]
    [InlineData("series,timestamp,value,unit,commit,host", "column 'host' is not label:NAME")]
    [InlineData("series,timestamp,value,unit,commit,label:a,label:a", "appears twice")]
    public async Task ReadAsync_BadHeader_BadInputOnLineOne(string header, string problem)
    {
        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultCsv.ReadAsync(new StringReader(header + "\n"), "h.csv"));

        Assert.StartsWith("h.csv:1: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnclosedQuote_BadInputWhereTheFieldStarts()
    {
        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultCsv.ReadAsync(new StringReader("series,timestamp,value,unit,commit\n\"x,2026-01-01,1,ms,c\n"), "q.csv"));

        Assert.StartsWith("q.csv:2: a quoted field is never closed", failure.Message, StringComparison.Ordinal);
    }
}
