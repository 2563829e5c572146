using System.Data.Common;
using Npgsql;

namespace Netperf.Results.Storage.Internal;

/// <summary>
/// The team engine: a PostgreSQL database reached through Npgsql's process-wide connection pool (so opening a
/// store again, as each <see cref="ResultHistory"/> call does, reuses connections). Schema
/// changes are serialised with a transaction-scoped advisory lock; concurrent batch writes rely on
/// <c>ON CONFLICT DO NOTHING</c> under READ COMMITTED. Messages name the server as <see cref="Location"/>,
/// never with the password.
/// </summary>
internal sealed class PostgresResultStore : SqlResultStore
{
    /// <summary>The advisory lock key of schema changes ("netperf" in ASCII, as a number).</summary>
    private const long SchemaLock = 0x6E65747065726600;

    private readonly string _connectionString;

    public PostgresResultStore(string location, TimeProvider clock)
        : base(clock)
    {
        var builder = PostgresLocation.Parse(location);
        Location = PostgresLocation.Describe(location);
        _connectionString = builder.ConnectionString;
    }

    public override ResultStoreEngine Engine => ResultStoreEngine.PostgreSql;

    public override string Location { get; }

    protected override string SchemaTableExistsSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'netperf_schema'";

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override Task PrepareAsync(bool create, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(" + SchemaLock.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override ResultsException? Translate(Exception exception, string action) => exception switch
    {
        PostgresException { SqlState: "3D000" } ex => new ResultsException(ResultsErrorKind.Environment,
            $"The PostgreSQL database of {Location} does not exist; create it (createdb) or fix Database= in --store.", ex),
        PostgresException { SqlState: "28P01" or "28000" } ex => new ResultsException(ResultsErrorKind.Environment,
            $"PostgreSQL at {Location} refused the login ({ex.MessageText}); check the user and PGPASSWORD or ~/.pgpass.", ex),
        PostgresException ex => new ResultsException(ResultsErrorKind.Environment, $"Could not {action} the PostgreSQL store {Location}: {ex.MessageText} ({ex.SqlState}).", ex),
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException } ex => new ResultsException(ResultsErrorKind.Environment,
            $"Could not reach the PostgreSQL store {Location} to {action} it: {ex.Message} Check that the server runs and --store names it.", ex),
        NpgsqlException ex => new ResultsException(ResultsErrorKind.Environment,
            $"Could not {action} the PostgreSQL store {Location}: {ex.Message} Check --store, and that the password is in PGPASSWORD or ~/.pgpass.", ex),
        TimeoutException or IOException or System.Net.Sockets.SocketException => new ResultsException(ResultsErrorKind.Environment,
            $"Could not reach the PostgreSQL store {Location} to {action} it: {exception.Message}", exception),
        _ => null,
    };
}
