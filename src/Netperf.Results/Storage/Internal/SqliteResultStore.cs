using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Netperf.Results.Storage.Internal;

/// <summary>
/// The embedded engine: one SQLite file in WAL mode (readers never wait for a writer). Writers take the write
/// lock when their transaction begins (<c>BEGIN IMMEDIATE</c>) and wait up to the command timeout for another
/// writer, so concurrent ingests queue instead of failing.
/// </summary>
internal sealed class SqliteResultStore : SqlResultStore
{
    private readonly string _path;
    private readonly string _connectionString;

    public SqliteResultStore(string path, TimeProvider clock)
        : base(clock)
    {
        _path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    public override ResultStoreEngine Engine => ResultStoreEngine.Sqlite;

    public override string Location => _path;

    protected override string SchemaTableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'netperf_schema'";

    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    protected override async Task PrepareAsync(bool create, CancellationToken cancellationToken)
    {
        if (Directory.Exists(_path))
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{_path} is a folder; --store takes a SQLite file path (for example {ResultStore.DefaultLocation}).");
        }

        if (!File.Exists(_path))
        {
            if (!create)
            {
                throw new ResultsException(ResultsErrorKind.BadInput,
                    $"There is no results store at {_path}; run 'results ingest' or 'results import-csv' first, or check --store.");
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, "PRAGMA journal_mode = WAL");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
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
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false); // Microsoft.Data.Sqlite: BEGIN IMMEDIATE

    protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already holds the write lock.

    protected override ResultsException? Translate(Exception exception, string action) => exception switch
    {
        SqliteException { SqliteErrorCode: 26 or 11 } ex => new ResultsException(ResultsErrorKind.BadInput,
            $"{_path} is not a SQLite results store (not a database, or damaged); point --store at a Netperf store or a new file.", ex),
        SqliteException { SqliteErrorCode: 5 or 6 } ex => new ResultsException(ResultsErrorKind.Environment,
            $"Could not {action} {_path}: another process held it for longer than the 60 s wait; try again.", ex),
        SqliteException ex => new ResultsException(ResultsErrorKind.Environment, $"Could not {action} the SQLite store {_path}: {ex.Message}", ex),
        IOException or UnauthorizedAccessException => new ResultsException(ResultsErrorKind.Environment, $"Could not {action} the SQLite store {_path}: {exception.Message}", exception),
        _ => null,
    };
}
