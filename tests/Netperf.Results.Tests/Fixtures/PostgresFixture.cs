using Netperf.Testing.Databases;
using Netperf.Testing.Integration;
using Npgsql;

namespace Netperf.Results.Tests.Fixtures;

/// <summary>
/// One private PostgreSQL server for every test of the "PostgreSQL" collection (started once, stopped and its
/// folder removed at the end). Each test gets a database of its own from <see cref="CreateDatabaseAsync"/>.
/// Without PostgreSQL installed the server is not started; the tests then skip (or fail with
/// NETPERF_REQUIRE_INTEGRATION=1) through their IntegrationFact.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not installed; the test should have called Prerequisites.Ensure(Prerequisite.PostgreSql).");

    public async Task InitializeAsync()
    {
        if (Prerequisites.IsPresent(Prerequisite.PostgreSql))
        {
            _server = await PostgresServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        Prerequisites.Ensure(Prerequisite.PostgreSql);
        var name = "np_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return Server.ConnectionString(name);
    }
}
