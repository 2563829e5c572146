using System.Net;
using System.Net.Sockets;
using Netperf.Results.Storage;
using Netperf.Results.Tests.Fixtures;
using Netperf.Testing.Integration;

namespace Netperf.Results.Tests.Storage;

/// <summary>The store contract against a real PostgreSQL server (one per test run, a database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresResultStoreTests(PostgresFixture postgres)
{
    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task WriteAsync_DuplicatesInOneBatch_CountedOnce() => await StoreContract.Write_DuplicatesInOneBatch_CountedOnce(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task WriteAsync_SameBatchTwice_SecondAddsNothing() => await StoreContract.Write_SameBatchTwice_SecondAddsNothing(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task WriteAsync_SameCsvRowsTwice_OnePointEach() => await StoreContract.Write_SameCsvRowsTwice_OnePointEach(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task WriteAsync_ConcurrentWritersWithOverlap_EveryRunOnce() => await StoreContract.Write_ConcurrentWritersWithOverlap_EveryRunOnce(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task WriteAsync_FailureInTheMiddle_NothingWritten() => await StoreContract.Write_FailureInTheMiddle_NothingWritten(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task WriteAsync_PointInAnotherUnit_BadInputAndNothingWritten() => await StoreContract.Write_PointInAnotherUnit_BadInputAndNothingWritten(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task ReadSeriesAsync_PointsInTimeOrderWithProvenance() => await StoreContract.ReadSeries_PointsInTimeOrderWithProvenance(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task OpenAsync_StoreOfNewerSchema_RefusedWithClearMessage() => await StoreContract.Open_StoreOfNewerSchema_RefusedWithClearMessage(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task OpenAsync_StoreOfOlderSchema_MigratedKeepingData() => await StoreContract.Open_StoreOfOlderSchema_MigratedKeepingData(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task OpenAsync_EmptyDatabaseWithoutCreate_BadInput() => await StoreContract.Open_EmptyDatabaseWithoutCreate_BadInput(await postgres.CreateDatabaseAsync());

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task OpenAsync_TwoWritersCreateTheSchemaAtOnce_OneSchema()
    {
        var database = await postgres.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ResultStore.OpenAsync(database))));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.Equal(1L, await StoreContract.ScalarAsync(database, "SELECT COUNT(*) FROM netperf_schema"));
    }

    [IntegrationFact(Prerequisite.PostgreSql)]
    public async Task OpenAsync_DatabaseThatDoesNotExist_EnvironmentErrorSayingSo()
    {
        Prerequisites.Ensure(Prerequisite.PostgreSql);

        var failure = await Assert.ThrowsAsync<ResultsException>(() => ResultStore.OpenAsync(postgres.Server.ConnectionString("no_such_db")));

        Assert.Equal(ResultsErrorKind.Environment, failure.Kind);
        Assert.Contains("does not exist", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NothingListensOnThePort_EnvironmentErrorWithoutThePassword()
    {
        var port = ClosedPort();

        var failure = await Assert.ThrowsAsync<ResultsException>(() =>
            ResultStore.OpenAsync($"Host=127.0.0.1;Port={port};Username=ci;Password=hunter2;Database=netperf;Timeout=5"));

        Assert.Equal(ResultsErrorKind.Environment, failure.Kind);
        Assert.Contains($"postgresql://ci@127.0.0.1:{port}/netperf", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.ToString(), StringComparison.Ordinal);
    }

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
