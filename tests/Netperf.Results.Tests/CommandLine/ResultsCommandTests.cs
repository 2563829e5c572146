using System.Text.Json;
using Netperf.Perf.Results;
using Netperf.Results.Tests.Fixtures;
using Netperf.Results.Tests.Storage;

namespace Netperf.Results.Tests.CommandLine;

/// <summary>The results verbs through a real child process (the sample host), on the default SQLite store.</summary>
public sealed class ResultsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string DefaultStore => Path.Combine(_folder.Path, "netperf-results", "history.db");

    [Fact]
    public async Task Ingest_SameFileTwice_OneRunAndTheSecondAddsNothing()
    {
        var a = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1000, ResultFiles.Start, "c1"));
        var b = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1010, ResultFiles.Start.AddDays(1), "c2"));

        var first = await ResultsCli.RunAsync(_folder.Path, "ingest", a, b);
        var second = await ResultsCli.RunAsync(_folder.Path, "ingest", a);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("2 runs added, 0 already there; 2 points added, 1 new series", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 runs added, 1 already there; 0 points added", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(DefaultStore));
        var history = await ResultsCli.RunAsync(_folder.Path, "history", "--series", "TcpThroughput");
        Assert.Contains("2 points", history.Output, StringComparison.Ordinal);
        Assert.Contains("client-1", history.Output, StringComparison.Ordinal);
        Assert.Contains("c2", history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_FolderWithOtherJson_IngestsResultsAndSkipsTheRest()
    {
        var folder = _folder.File("results");
        ResultFiles.Write(folder, ResultFiles.Run(1000, ResultFiles.Start, "c1"));
        ResultFiles.Write(Path.Combine(folder, "nested"), ResultFiles.Run(990, ResultFiles.Start.AddDays(1), "c2"));
        await File.WriteAllTextAsync(Path.Combine(folder, "outcome.json"), "{\"client\":{\"bytes\":1}}");

        var run = await ResultsCli.RunAsync(_folder.Path, "ingest", folder);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 runs added", run.Output, StringComparison.Ordinal);
        Assert.Contains("skipped (not a Netperf results file): " + Path.Combine(folder, "outcome.json"), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_FileThatIsNotAResult_Exit2AndNothingWritten()
    {
        var good = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1000, ResultFiles.Start, "c1"));
        await ResultsCli.RunAsync(_folder.Path, "ingest", good);
        var another = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1200, ResultFiles.Start.AddDays(1), "c2"));
        var foreign = _folder.File("package.json");
        await File.WriteAllTextAsync(foreign, "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}");

        var run = await ResultsCli.RunAsync(_folder.Path, "ingest", another, foreign);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {foreign}: not a Netperf results file", run.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await StoreContract.ScalarAsync(DefaultStore, "SELECT COUNT(*) FROM netperf_runs"));
        Assert.Equal(1L, await StoreContract.ScalarAsync(DefaultStore, "SELECT COUNT(*) FROM netperf_points"));
    }

    [Fact]
    public async Task Ingest_TruncatedFile_Exit2WithTheLineAndNoStoreMade()
    {
        var path = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1000, ResultFiles.Start));
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text[..(text.Length * 2 / 3)]);

        var run = await ResultsCli.RunAsync(_folder.Path, "ingest", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"not valid JSON at line \d+ \(truncated or damaged\?\)", run.Error);
        Assert.False(File.Exists(DefaultStore));
    }

    [Fact]
    public async Task ImportCsv_BadRow_Exit2WithTheLineNumberAndNothingWritten()
    {
        var csv = _folder.File("history.csv");
        await File.WriteAllTextAsync(csv, "series,timestamp,value,unit,commit\nx,2026-01-01T00:00:00Z,1,ms,a\nx,2026-01-02T00:00:00Z,1,ms,b\nx,2026-13-01T00:00:00Z,1,ms,c\n");

        var run = await ResultsCli.RunAsync(_folder.Path, "import-csv", csv);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {csv}:4: timestamp '2026-13-01T00:00:00Z' is not ISO 8601", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(DefaultStore));
    }

    [Fact]
    public async Task Check_ConfirmedRegression_Exit3AndJsonWithOneEntryPerSeries()
    {
        await ImportAsync(History.RegressionCsv());

        var run = await ResultsCli.RunAsync(_folder.Path, "check", "--json");

        Assert.True(run.ExitCode == 3, run.Output + run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var entries = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(2, entries.Count);
        var tput = entries["TcpThroughputTest/ops-per-second"];
        Assert.Equal("confirmed", tput.GetProperty("verdict").GetString());
        Assert.Equal("2026-02-21T06:00:00.0000000Z", tput.GetProperty("when").GetString());
        Assert.InRange(tput.GetProperty("before").GetDouble(), 49000, 51000);
        Assert.InRange(tput.GetProperty("after").GetDouble(), 39000, 41000);
        Assert.InRange(tput.GetProperty("effect").GetDouble(), -0.22, -0.18);
        Assert.Equal("commit19", tput.GetProperty("commitBefore").GetString());
        Assert.Equal("commit20", tput.GetProperty("commitAfter").GetString());
        Assert.StartsWith("TcpThroughputTest/ops-per-second{environment=\"azure\",image=\"ubuntu-24.04\"}", tput.GetProperty("key").GetString(), StringComparison.Ordinal);
        var latency = entries["TcpRequestResponseTest/latency-p99"];
        Assert.Equal("none", latency.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, latency.GetProperty("effect").ValueKind);
    }

    [Fact]
    public async Task Check_ConfirmedRegression_TableAPersonCanActOnAndMarkdownAppended()
    {
        await ImportAsync(History.RegressionCsv());
        var summary = _folder.File("step-summary.md");
        await File.WriteAllTextAsync(summary, "earlier step\n");

        var run = await ResultsCli.RunAsync(_folder.Path, "check", "--markdown", summary);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Compared within one bucket: the same test and metric, options, environment, image and size", run.Output, StringComparison.Ordinal);
        var row = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("confirmed", StringComparison.Ordinal));
        Assert.Contains("2026-02-21 06:00Z", row, StringComparison.Ordinal);
        Assert.Matches(@"\d\d,\d\d\d -> \d\d,\d\d\d ops/s", row);
        Assert.Matches(@"-\d+\.\d% \[-\d+\.\d%, -\d+\.\d%\]", row);
        Assert.Contains("commit19..commit20", row, StringComparison.Ordinal);
        Assert.Contains("TcpThroughputTest/ops-per-second", row, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(summary);
        Assert.StartsWith("earlier step\n### Netperf results: 1 confirmed regression", markdown, StringComparison.Ordinal);
        Assert.Contains("| 🔴 confirmed | `TcpThroughputTest/ops-per-second`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FlatHistory_Exit0()
    {
        await ImportAsync(History.FlatCsv());

        var run = await ResultsCli.RunAsync(_folder.Path, "check");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("1 series: 0 confirmed, 0 suspected, 0 recovered, 1 without a regression", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCsv_ImportedHistory_RoundTripsThroughASecondStoreByteForByte()
    {
        await ImportAsync(History.RegressionCsv());
        var first = _folder.File("first.csv");
        var second = _folder.File("second.csv");

        var export = await ResultsCli.RunAsync(_folder.Path, "export-csv", "-o", first);
        var import = await ResultsCli.RunAsync(_folder.Path, "import-csv", first, "--store", "other.db");
        var again = await ResultsCli.RunAsync(_folder.Path, "export-csv", "--store", "other.db", "-o", second);
        var reimport = await ResultsCli.RunAsync(_folder.Path, "import-csv", first);

        Assert.Equal((0, 0, 0, 0), (export.ExitCode, import.ExitCode, again.ExitCode, reimport.ExitCode));
        Assert.Equal(61, (await File.ReadAllLinesAsync(first)).Length);
        Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
        Assert.Contains("0 points added, 60 already there", reimport.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCsv_NoStore_Exits2AndLeavesNoPartialFile()
    {
        var run = await ResultsCli.RunAsync(_folder.Path, "export-csv", "--store", "missing.db", "-o", "out.csv");

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Error}");
        Assert.StartsWith("error: There is no results store at missing.db", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_folder.Path), e => Path.GetFileName(e).StartsWith("out.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_ImportedHistory_WritesPageAndSummary()
    {
        await ImportAsync(History.RegressionCsv());

        var run = await ResultsCli.RunAsync(_folder.Path, "dashboard", "-o", "site");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("1 confirmed", run.Output, StringComparison.Ordinal);
        Assert.Contains("id=\"regressions-table\"", await File.ReadAllTextAsync(_folder.File("site/index.html")), StringComparison.Ordinal);
        Assert.StartsWith("### Netperf results: 1 confirmed regression", await File.ReadAllTextAsync(_folder.File("site/summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_StoreOfNewerSchema_Exit2NamingIt()
    {
        await ImportAsync(History.FlatCsv());
        await StoreContract.ExecuteAsync(DefaultStore, "INSERT INTO netperf_schema (version, description, applied_at) VALUES (5, 'future', 0)");

        var check = await ResultsCli.RunAsync(_folder.Path, "check");
        var ingest = await ResultsCli.RunAsync(_folder.Path, "ingest", ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1, ResultFiles.Start)));

        Assert.Equal((2, 2), (check.ExitCode, ingest.ExitCode));
        Assert.Contains("has schema version 5, newer than this Netperf.Results knows (1)", check.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await StoreContract.ScalarAsync(DefaultStore, "SELECT COUNT(*) FROM netperf_runs"));
    }

    [Fact]
    public async Task Check_NoStoreYet_Exit2SayingToIngestFirst()
    {
        var run = await ResultsCli.RunAsync(_folder.Path, "check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no results store at netperf-results/history.db; run 'results ingest'", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(DefaultStore));
    }

    [Fact]
    public async Task Check_StoreFromTheEnvironmentVariable_UsesIt()
    {
        await File.WriteAllTextAsync(_folder.File("flat.csv"), History.FlatCsv());
        var env = new Dictionary<string, string> { ["NETPERF_RESULTS_STORE"] = "shared.db" };
        await ResultsCli.RunAsync(_folder.Path, env, "import-csv", "flat.csv");

        var run = await ResultsCli.RunAsync(_folder.Path, env, "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Store: shared.db.", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(DefaultStore));
    }

    [Theory]
    [InlineData("check", "--significance", "0.9")]
    [InlineData("check", "--confirm-points", "0")]
    public async Task Check_DetectionOptionOutOfRange_Exit2NamingTheSetting(params string[] arguments)
    {
        await ImportAsync(History.FlatCsv());

        var run = await ResultsCli.RunAsync(_folder.Path, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Netperf:Results:Detection:", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--no-such-option")]
    [InlineData("dashboard")]
    [InlineData("import-csv")]
    public async Task Verb_UsageError_Exit2(params string[] arguments)
    {
        var run = await ResultsCli.RunAsync(_folder.Path, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_UnreachablePostgreSql_Exit1WithoutThePasswordAndNoFileMade()
    {
        var port = PostgresResultStoreTests.ClosedPort();
        var result = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1000, ResultFiles.Start));

        var run = await ResultsCli.RunAsync(_folder.Path, "ingest", result, "--store", $"Host=127.0.0.1;Port={port};Username=ci;Password=hunter2;Database=netperf;Timeout=5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Could not reach the PostgreSQL store postgresql://ci@127.0.0.1:{port}/netperf", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error + run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.File("netperf-results")));
    }

    public void Dispose() => _folder.Dispose();

    private async Task ImportAsync(string csv)
    {
        var path = _folder.File("import-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        await File.WriteAllTextAsync(path, csv);
        var run = await ResultsCli.RunAsync(_folder.Path, "import-csv", path);
        Assert.True(run.ExitCode == 0, run.Error);
    }
}
