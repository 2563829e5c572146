using System.Text.Json;
using Netperf.Results.Tests.Fixtures;
using Netperf.Testing.Integration;

namespace Netperf.Results.Tests.CommandLine;

/// <summary>The results verbs through the child process against the private PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ResultsCommandPostgresTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempFolder _folder = new();

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task IngestImportAndCheck_PostgreSqlStore_SameOutcomeAsSqlite()
    {
        var store = await postgres.CreateDatabaseAsync();
        var csv = _folder.File("history.csv");
        await File.WriteAllTextAsync(csv, History.RegressionCsv());
        var result = ResultFiles.Write(_folder.File("in"), ResultFiles.Run(1000, ResultFiles.Start));

        var import = await ResultsCli.RunAsync(_folder.Path, "import-csv", csv, "--store", store);
        var ingest = await ResultsCli.RunAsync(_folder.Path, "ingest", result, result, "--store", store);
        var check = await ResultsCli.RunAsync(_folder.Path, "check", "--json", "--store", store);

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        Assert.Contains("1 run added", ingest.Output, StringComparison.Ordinal);
        Assert.Equal(3, check.ExitCode);
        using var json = JsonDocument.Parse(check.Output);
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.Equal(["confirmed", "none", "none"], json.RootElement.EnumerateArray().Select(e => e.GetProperty("verdict").GetString()).Order());
        Assert.False(Directory.Exists(_folder.File("netperf-results")));
    }

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task ImportCsv_BadRowIntoPostgreSql_Exit2AndNothingWritten()
    {
        var store = await postgres.CreateDatabaseAsync();
        var csv = _folder.File("bad.csv");
        await File.WriteAllTextAsync(csv, History.FlatCsv() + "NoOpTest/ops-per-second,2026-04-01T00:00:00Z,fast,ops/s,c99,local\n");

        var run = await ResultsCli.RunAsync(_folder.Path, "import-csv", csv, "--store", store);
        var history = await ResultsCli.RunAsync(_folder.Path, "history", "--store", store);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{csv}:32: value 'fast' is not a finite number", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, history.ExitCode);
        Assert.Contains("holds no Netperf results store", history.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
