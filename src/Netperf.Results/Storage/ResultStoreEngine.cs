namespace Netperf.Results.Storage;

/// <summary>The database behind a <see cref="IResultStore"/>.</summary>
public enum ResultStoreEngine
{
    /// <summary>An embedded SQLite file (the default: <see cref="ResultStore.DefaultLocation"/>).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, chosen by a connection string (<c>Host=...</c> or <c>postgresql://...</c>).</summary>
    PostgreSql,
}
