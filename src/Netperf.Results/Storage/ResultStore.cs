using Netperf.Results.Storage.Internal;

namespace Netperf.Results.Storage;

/// <summary>
/// Opens a history store. A location with a <c>Host=</c> (or <c>Server=</c>) keyword, or a <c>postgresql://</c> or
/// <c>postgres://</c> URI, is a PostgreSQL database (the schema is made in it on first use; the database must exist);
/// anything else is the path of a SQLite file, created with its folder on first use. Keep passwords off command
/// lines: PostgreSQL also reads <c>PGPASSWORD</c> and <c>~/.pgpass</c>.
/// </summary>
public static class ResultStore
{
    /// <summary>The schema version this library writes. A store of a newer version is refused; an older one is migrated.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The default store: <c>netperf-results/history.db</c> under the current folder (SQLite).</summary>
    public static string DefaultLocation { get; } = Path.Combine("netperf-results", "history.db");

    /// <summary>The engine a location names (see the class remarks).</summary>
    /// <param name="location">A SQLite path or a PostgreSQL connection string.</param>
    /// <returns>The engine.</returns>
    public static ResultStoreEngine EngineOf(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return PostgresLocation.IsPostgres(location) ? ResultStoreEngine.PostgreSql : ResultStoreEngine.Sqlite;
    }

    /// <summary>The location without secrets, for messages and logs.</summary>
    /// <param name="location">A SQLite path or a PostgreSQL connection string.</param>
    /// <returns>A path, or <c>postgresql://user@host:port/database</c>.</returns>
    public static string Describe(string location) =>
        EngineOf(location) == ResultStoreEngine.PostgreSql ? PostgresLocation.Describe(location) : location;

    /// <summary>Opens a store, creating or migrating its schema when <paramref name="create"/> is true.</summary>
    /// <param name="location">A SQLite path or a PostgreSQL connection string; <see cref="DefaultLocation"/> when null or empty.</param>
    /// <param name="create">True to create the store (and the SQLite file) when it does not exist; false to refuse a missing store.</param>
    /// <param name="timeProvider">The clock of ingest times; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store; dispose it.</returns>
    /// <exception cref="ResultsException">
    /// Bad input: not a store (not SQLite, no Netperf schema with <paramref name="create"/> false), a newer schema, a bad
    /// connection string. Environment: the database cannot be reached or written.
    /// </exception>
    public static Task<IResultStore> OpenAsync(string? location, bool create = true, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(location, create, timeProvider, StoreSchema.Migrations, cancellationToken);

    internal static async Task<IResultStore> OpenAsync(string? location, bool create, TimeProvider? timeProvider, IReadOnlyList<StoreMigration> migrations, CancellationToken cancellationToken)
    {
        location = string.IsNullOrWhiteSpace(location) ? DefaultLocation : location.Trim();
        SqlResultStore store = EngineOf(location) == ResultStoreEngine.PostgreSql
            ? new PostgresResultStore(location, timeProvider ?? TimeProvider.System)
            : new SqliteResultStore(location, timeProvider ?? TimeProvider.System);
        try
        {
            await store.InitializeAsync(create, migrations, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
