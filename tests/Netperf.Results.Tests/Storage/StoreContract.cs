using Microsoft.Data.Sqlite;
using Netperf.Results.Ingest;
using Netperf.Results.Series;
using Netperf.Results.Storage;
using Netperf.Results.Storage.Internal;
using Netperf.Results.Tests.Fixtures;
using Npgsql;

namespace Netperf.Results.Tests.Storage;

/// <summary>
/// What every engine's store must do. SqliteResultStoreTests and PostgresResultStoreTests run each of these
/// against a fresh store of their engine.
/// </summary>
internal static class StoreContract
{
    public static async Task Write_SameBatchTwice_SecondAddsNothing(string location)
    {
        var batch = new ResultBatch { Runs = [Run(1000, 0), Run(1010, 1)] };
        await using var store = await ResultStore.OpenAsync(location);

        var first = await store.WriteAsync(batch);
        var second = await store.WriteAsync(batch);

        Assert.Equal((2, 0, 2), (first.RunsAdded, first.RunsAlreadyPresent, first.PointsAdded));
        Assert.Equal((0, 2, 0), (second.RunsAdded, second.RunsAlreadyPresent, second.PointsAdded));
        Assert.Equal(2, (await store.ListRunIdsAsync()).Count);
        Assert.Equal(2, Assert.Single(await store.ListSeriesAsync()).Points);
    }

    public static async Task Write_SameCsvRowsTwice_OnePointEach(string location)
    {
        var key = new SeriesKey("imported/latency", [new("environment", "lab")]);
        ResultPoint[] rows = [Point(key, 0, 5.5), Point(key, 1, 5.75)];
        await using var store = await ResultStore.OpenAsync(location);

        await store.WriteAsync(new ResultBatch { Points = rows });
        var again = await store.WriteAsync(new ResultBatch { Points = rows });

        Assert.Equal((0, 2), (again.PointsAdded, again.PointsAlreadyPresent));
        Assert.Equal(2, (await store.ReadSeriesAsync(key)).Count);
    }

    public static async Task Write_DuplicatesInOneBatch_CountedOnce(string location)
    {
        var key = new SeriesKey("imported/latency");
        var run = Run(1000, 0);
        await using var store = await ResultStore.OpenAsync(location);

        var summary = await store.WriteAsync(new ResultBatch { Runs = [run, run], Points = [Point(key, 0, 5), Point(key, 0, 5), Point(key, 1, 6)] });

        Assert.Equal((1, 1), (summary.RunsAdded, summary.RunsAlreadyPresent));
        Assert.Equal((3, 1), (summary.PointsAdded, summary.PointsAlreadyPresent));
        Assert.Equal(2, (await store.ReadSeriesAsync(key)).Count);
    }

    public static async Task Write_ConcurrentWritersWithOverlap_EveryRunOnce(string location)
    {
        var runs = Enumerable.Range(0, 60).Select(i => Run(1000 + i, i)).ToList();
        await using (await ResultStore.OpenAsync(location))
        {
        }

        async Task WriteAsync(IEnumerable<ResultRun> part)
        {
            await using var store = await ResultStore.OpenAsync(location);
            foreach (var chunk in part.Chunk(5))
            {
                await store.WriteAsync(new ResultBatch { Runs = chunk });
            }
        }

        // Two writers, each with its own connections; runs 20..39 are written by both.
        await Task.WhenAll(Task.Run(() => WriteAsync(runs.Take(40))), Task.Run(() => WriteAsync(runs.Skip(20))));

        await using var check = await ResultStore.OpenAsync(location, create: false);
        Assert.Equal(60, (await check.ListRunIdsAsync()).Count);
        var series = Assert.Single(await check.ListSeriesAsync());
        Assert.Equal(60, series.Points);
        Assert.Equal(60, (await check.ReadSeriesAsync(series.Key)).Select(p => p.Run).Distinct().Count());
    }

    public static async Task Write_FailureInTheMiddle_NothingWritten(string location)
    {
        await using var store = await ResultStore.OpenAsync(location);
        ((SqlResultStore)store).PointWritten = n =>
        {
            if (n == 3)
            {
                throw new IOException("disk full (injected after the third point)");
            }
        };

        var failure = await Assert.ThrowsAsync<ResultsException>(() => store.WriteAsync(new ResultBatch { Runs = [.. Enumerable.Range(0, 5).Select(i => Run(1000, i))] }));

        Assert.Equal(ResultsErrorKind.Environment, failure.Kind);
        Assert.Contains("disk full", failure.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListRunIdsAsync());
        Assert.Empty(await store.ListSeriesAsync());
        Assert.Equal(0L, await ScalarAsync(location, "SELECT COUNT(*) FROM netperf_series"));
    }

    public static async Task Write_PointInAnotherUnit_BadInputAndNothingWritten(string location)
    {
        var key = new SeriesKey("imported/throughput");
        await using var store = await ResultStore.OpenAsync(location);
        await store.WriteAsync(new ResultBatch { Points = [Point(key, 0, 10) with { Unit = "Gbit/s" }] });

        var failure = await Assert.ThrowsAsync<ResultsException>(() => store.WriteAsync(new ResultBatch
        {
            Points = [Point(new SeriesKey("imported/other"), 0, 1), Point(key, 1, 9000) with { Unit = "Mbit/s" }],
        }));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("'Gbit/s'", failure.Message, StringComparison.Ordinal);
        Assert.Equal(key, Assert.Single(await store.ListSeriesAsync()).Key);
    }

    public static async Task ReadSeries_PointsInTimeOrderWithProvenance(string location)
    {
        await using var store = await ResultStore.OpenAsync(location);
        await store.WriteAsync(new ResultBatch { Runs = [Run(1020, 2, "c3"), Run(1000, 0, "c1"), Run(1010, 1, "c2")] });
        var key = Assert.Single(await store.ListSeriesAsync()).Key;

        var points = await store.ReadSeriesAsync(key);

        Assert.Equal(["c1", "c2", "c3"], points.Select(p => p.Commit));
        Assert.Equal([1000.0, 1010, 1020], points.Select(p => p.Value));
        Assert.All(points, p => Assert.Equal(("client-1", "peer-1", "ops/s"), (p.Machine, p.Peer, p.Unit)));
        Assert.Equal(ResultFiles.Start.AddDays(1), points[1].Timestamp);
        Assert.Empty(await store.ReadSeriesAsync(new SeriesKey("unknown")));
    }

    public static async Task Open_StoreOfNewerSchema_RefusedWithClearMessage(string location)
    {
        await using (var store = await ResultStore.OpenAsync(location))
        {
            await store.WriteAsync(new ResultBatch { Runs = [Run(1000, 0)] });
        }

        await ExecuteAsync(location, "INSERT INTO netperf_schema (version, description, applied_at) VALUES (99, 'from the future', 0)");

        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultStore.OpenAsync(location));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("schema version 99, newer than this Netperf.Results knows (1)", failure.Message, StringComparison.Ordinal);
    }

    public static async Task Open_StoreOfOlderSchema_MigratedKeepingData(string location)
    {
        var v1 = StoreSchema.Migrations;
        StoreMigration v2 = new(2, "test: an extra table", _ => ["CREATE TABLE netperf_extra (id INTEGER PRIMARY KEY)"]);
        await using (var old = await ResultStore.OpenAsync(location, true, null, v1, CancellationToken.None))
        {
            await old.WriteAsync(new ResultBatch { Runs = [Run(1000, 0)] });
            Assert.Equal(1, old.SchemaVersion);
        }

        await using var migrated = await ResultStore.OpenAsync(location, false, null, [.. v1, v2], CancellationToken.None);

        Assert.Equal(2, migrated.SchemaVersion);
        Assert.Single(await migrated.ListRunIdsAsync());
        Assert.Equal(0L, await ScalarAsync(location, "SELECT COUNT(*) FROM netperf_extra"));
        Assert.Equal(2L, await ScalarAsync(location, "SELECT MAX(version) FROM netperf_schema"));
    }

    public static async Task Open_EmptyDatabaseWithoutCreate_BadInput(string location)
    {
        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultStore.OpenAsync(location, create: false));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("results ingest", failure.Message, StringComparison.Ordinal);
    }

    public static ResultRun Run(double opsPerSecond, int day, string? commit = null) =>
        ResultFile.Parse("r" + day, System.Text.Encoding.UTF8.GetBytes(Netperf.Perf.Results.PerfResultsFile.Serialize(
            ResultFiles.Run(opsPerSecond, ResultFiles.Start.AddDays(day), commit ?? "c" + day, options: new Dictionary<string, object?> { ["duration"] = 10 }))));

    public static ResultPoint Point(SeriesKey key, int day, double value) => new()
    {
        Series = key,
        Unit = "ms",
        Timestamp = ResultFiles.Start.AddDays(day),
        Value = value,
        Commit = "c" + day,
    };

    public static async Task<long> ScalarAsync(string location, string sql)
    {
        if (ResultStore.EngineOf(location) == ResultStoreEngine.PostgreSql)
        {
            await using var pg = new NpgsqlConnection(location);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand(sql, pg);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var sqlite = new SqliteConnection($"Data Source={location};Pooling=False");
        await sqlite.OpenAsync();
        await using var query = new SqliteCommand(sql, sqlite);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string location, string sql)
    {
        if (ResultStore.EngineOf(location) == ResultStoreEngine.PostgreSql)
        {
            await using var pg = new NpgsqlConnection(location);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand(sql, pg);
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var sqlite = new SqliteConnection($"Data Source={location};Pooling=False");
        await sqlite.OpenAsync();
        await using var query = new SqliteCommand(sql, sqlite);
        await query.ExecuteNonQueryAsync();
    }
}
