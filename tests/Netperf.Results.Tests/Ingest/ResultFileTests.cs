using System.Text;
using Netperf.Perf.Results;
using Netperf.Results.Ingest;
using Netperf.Results.Series;
using Netperf.Results.Tests.Fixtures;

namespace Netperf.Results.Tests.Ingest;

public sealed class ResultFileTests
{
    [Fact]
    public void Parse_ResultWithProvenanceAndLatency_PointsPerMetricKeyedByBucket()
    {
        var result = ResultFiles.Run(1234.5, ResultFiles.Start, commit: "abc123", latency: true);

        var run = Parse(result);

        Assert.Equal(["TcpThroughputTest/latency-p50", "TcpThroughputTest/latency-p99", "TcpThroughputTest/ops-per-second"], run.Points.Select(p => p.Series.Name).Order());
        var ops = run.Points.Single(p => p.Series.Name.EndsWith("ops-per-second", StringComparison.Ordinal));
        Assert.Equal(1234.5, ops.Value, 6);
        Assert.Equal("ops/s", ops.Unit);
        Assert.Equal(("abc123", "client-1", "peer-1", "pair-client-1", run.Id), (ops.Commit, ops.Machine, ops.Peer, ops.Pair, ops.Run));
        Assert.Equal(ResultFiles.Start, ops.Timestamp);
        Assert.Equal("azure", ops.Series["environment"]);
        Assert.Equal("ubuntu-24.04", ops.Series["image"]);
        Assert.Equal("Standard_D4s_v5", ops.Series["size"]);
        Assert.Equal("ns", run.Points.Single(p => p.Series.Name.EndsWith("p99", StringComparison.Ordinal)).Unit);
    }

    [Fact]
    public void Parse_OptionsThatDoNotChangeTheMeasurement_LeftOutOfTheBucket()
    {
        var a = Parse(ResultFiles.Run(1000, ResultFiles.Start, options: new Dictionary<string, object?> { ["duration"] = 10, ["results-file"] = "a.json", ["peer"] = "10.0.0.4" }));
        var b = Parse(ResultFiles.Run(1000, ResultFiles.Start, options: new Dictionary<string, object?> { ["duration"] = 10, ["results-file"] = "b.json", ["peer"] = "10.0.0.9" }));
        var c = Parse(ResultFiles.Run(1000, ResultFiles.Start, options: new Dictionary<string, object?> { ["duration"] = 30, ["results-file"] = "b.json" }));

        Assert.Equal(a.Points[0].Series, b.Points[0].Series);
        Assert.NotEqual(a.Points[0].Series, c.Points[0].Series);
        Assert.Equal("duration=10", a.Points[0].Series["options"]);
    }

    [Fact]
    public void Parse_SameBytesTwice_SameId()
    {
        var bytes = Encoding.UTF8.GetBytes(PerfResultsFile.Serialize(ResultFiles.Run(1000, ResultFiles.Start)));

        Assert.Equal(ResultFile.Parse("a", bytes).Id, ResultFile.Parse("b", bytes).Id);
        Assert.NotEqual(ResultFile.Parse("a", bytes).Id, Parse(ResultFiles.Run(1001, ResultFiles.Start)).Id);
    }

    [Fact]
    public void Parse_FailedRun_RunWithoutPoints()
    {
        var run = Parse(ResultFiles.Run(0, ResultFiles.Start, status: PerfRunStatus.Failed));

        Assert.Equal("failed", run.Status);
        Assert.Empty(run.Points);
    }

    [Fact]
    public void Parse_FileWithoutProvenance_PointsWithoutBucketLabelsAndMachineFromEnvironment()
    {
        var run = Parse(ResultFiles.Run(1000, ResultFiles.Start) with { Provenance = null });

        var point = Assert.Single(run.Points);
        Assert.Null(point.Series["environment"]);
        Assert.Equal(Environment.MachineName, point.Machine);
    }

    [Fact]
    public void Parse_JsonThatIsNotAResult_BadInputSayingWhatIsMissing()
    {
        var failure = Assert.Throws<ResultsException>(() => ResultFile.Parse("outcome.json", "{\"client\":{\"bytes\":5},\"server\":null}"u8));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("outcome.json: not a Netperf results file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedFile_BadInputWithTheLine()
    {
        var text = PerfResultsFile.Serialize(ResultFiles.Run(1000, ResultFiles.Start));
        var truncated = Encoding.UTF8.GetBytes(text[..(text.Length / 2)]);

        var failure = Assert.Throws<ResultsException>(() => ResultFile.Parse("r.json", truncated));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Matches(@"^r\.json: not valid JSON at line \d+ \(truncated or damaged\?\)", failure.Message);
    }

    [Fact]
    public void Parse_NewerSchemaVersion_BadInputAskingForANewerReader()
    {
        var text = PerfResultsFile.Serialize(ResultFiles.Run(1000, ResultFiles.Start)).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 7", StringComparison.Ordinal);

        var failure = Assert.Throws<ResultsException>(() => ResultFile.Parse("r.json", Encoding.UTF8.GetBytes(text)));

        Assert.Contains("schema version 7", failure.Message, StringComparison.Ordinal);
    }

    private static ResultRun Parse(PerfRunResult result) => ResultFile.Parse("r.json", Encoding.UTF8.GetBytes(PerfResultsFile.Serialize(result)));
}
