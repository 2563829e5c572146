using Netperf.Results.Series;
using Netperf.Results.Storage;
using Netperf.Results.Tests.Fixtures;

namespace Netperf.Results.Tests.Storage;

/// <summary>The store contract on the embedded engine, plus what only a file can get wrong.</summary>
public sealed class SqliteResultStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string NewStore() => _folder.File(Guid.NewGuid().ToString("N")[..8] + ".db");

    [Fact]
    public Task WriteAsync_DuplicatesInOneBatch_CountedOnce() => StoreContract.Write_DuplicatesInOneBatch_CountedOnce(NewStore());

    [Fact]
    public Task WriteAsync_SameBatchTwice_SecondAddsNothing() => StoreContract.Write_SameBatchTwice_SecondAddsNothing(NewStore());

    [Fact]
    public Task WriteAsync_SameCsvRowsTwice_OnePointEach() => StoreContract.Write_SameCsvRowsTwice_OnePointEach(NewStore());

    [Fact]
    public Task WriteAsync_ConcurrentWritersWithOverlap_EveryRunOnce() => StoreContract.Write_ConcurrentWritersWithOverlap_EveryRunOnce(NewStore());

    [Fact]
    public Task WriteAsync_FailureInTheMiddle_NothingWritten() => StoreContract.Write_FailureInTheMiddle_NothingWritten(NewStore());

    [Fact]
    public Task WriteAsync_PointInAnotherUnit_BadInputAndNothingWritten() => StoreContract.Write_PointInAnotherUnit_BadInputAndNothingWritten(NewStore());

    [Fact]
    public Task ReadSeriesAsync_PointsInTimeOrderWithProvenance() => StoreContract.ReadSeries_PointsInTimeOrderWithProvenance(NewStore());

    [Fact]
    public Task OpenAsync_StoreOfNewerSchema_RefusedWithClearMessage() => StoreContract.Open_StoreOfNewerSchema_RefusedWithClearMessage(NewStore());

    [Fact]
    public Task OpenAsync_StoreOfOlderSchema_MigratedKeepingData() => StoreContract.Open_StoreOfOlderSchema_MigratedKeepingData(NewStore());

    [Fact]
    public async Task OpenAsync_EmptyDatabaseWithoutCreate_BadInput()
    {
        var path = NewStore();
        await StoreContract.ExecuteAsync(path, "CREATE TABLE other (x INTEGER)");

        await StoreContract.Open_EmptyDatabaseWithoutCreate_BadInput(path);
    }

    [Fact]
    public async Task OpenAsync_FirstUse_CreatesFolderAndFile()
    {
        var path = Path.Combine(_folder.Path, "netperf-results", "deeper", "history.db");

        await using (var store = await ResultStore.OpenAsync(path))
        {
            Assert.Equal(ResultStoreEngine.Sqlite, store.Engine);
            Assert.Equal(ResultStore.SchemaVersion, store.SchemaVersion);
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task OpenAsync_MissingFileWithoutCreate_BadInputAndNoFileMade()
    {
        var path = NewStore();

        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultStore.OpenAsync(path, create: false));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("no results store at", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task OpenAsync_FileThatIsNotADatabase_BadInputNamingTheFile()
    {
        var path = NewStore();
        await File.WriteAllTextAsync(path, "series,timestamp,value,unit,commit\nthis is a CSV file, not SQLite\n");

        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultStore.OpenAsync(path));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("is not a SQLite results store", failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("series,timestamp", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public void EngineOf_PathsAndConnectionStrings_PicksTheEngine()
    {
        Assert.Equal(ResultStoreEngine.Sqlite, ResultStore.EngineOf("netperf-results/history.db"));
        Assert.Equal(ResultStoreEngine.Sqlite, ResultStore.EngineOf("/data/host=1/history.db"));
        Assert.Equal(ResultStoreEngine.PostgreSql, ResultStore.EngineOf("Host=db;Database=netperf"));
        Assert.Equal(ResultStoreEngine.PostgreSql, ResultStore.EngineOf("Port=5433;server=db"));
        Assert.Equal(ResultStoreEngine.PostgreSql, ResultStore.EngineOf("postgresql://ci@db:5433/netperf"));
    }

    [Fact]
    public void Describe_ConnectionStringWithPassword_LeavesThePasswordOut()
    {
        Assert.Equal("postgresql://ci@db:5433/netperf", ResultStore.Describe("Host=db;Port=5433;Username=ci;Password=hunter2;Database=netperf"));
        Assert.Equal("postgresql://ci@db:5432/netperf", ResultStore.Describe("postgresql://ci:hunter2@db/netperf"));
    }

    public void Dispose() => _folder.Dispose();
}
