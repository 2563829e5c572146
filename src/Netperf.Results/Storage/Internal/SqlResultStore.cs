using System.Data;
using System.Data.Common;
using System.Text.Json;
using Netperf.Results.Series;

namespace Netperf.Results.Storage.Internal;

/// <summary>
/// The store's logic over ADO.NET, shared by both engines: the schema and its migrations, idempotent batch
/// writes in one transaction, and the reads. Each engine supplies its connections, its write transaction and
/// schema lock, and the translation of its errors into <see cref="ResultsException"/>.
/// </summary>
internal abstract class SqlResultStore : IResultStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _clock;

    protected SqlResultStore(TimeProvider clock)
    {
        _clock = clock;
    }

    public abstract ResultStoreEngine Engine { get; }

    public abstract string Location { get; }

    public int SchemaVersion { get; private set; }

    /// <summary>Test seam: called inside the write transaction after each point is written (a throw rolls the batch back).</summary>
    internal Action<int>? PointWritten { get; set; }

    protected abstract string SchemaTableExistsSql { get; }

    public abstract ValueTask DisposeAsync();

    /// <summary>Engine-specific work before the first connection (the SQLite file's folder and journal mode).</summary>
    protected abstract Task PrepareAsync(bool create, CancellationToken cancellationToken);

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that writers take one at a time where the engine needs it.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises schema changes between writers (inside <paramref name="transaction"/>).</summary>
    protected abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The engine's exception as a results error, or null when it is not the engine's.</summary>
    protected abstract ResultsException? Translate(Exception exception, string action);

    public async Task InitializeAsync(bool create, IReadOnlyList<StoreMigration> migrations, CancellationToken cancellationToken)
    {
        var known = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);
        SchemaVersion = await GuardAsync("open", async () =>
        {
            await PrepareAsync(create, cancellationToken).ConfigureAwait(false);
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await LockSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    var exists = Convert.ToInt64(await ScalarAsync(connection, transaction, SchemaTableExistsSql, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
                    if (!exists && !create)
                    {
                        throw new ResultsException(ResultsErrorKind.BadInput,
                            $"{Location} holds no Netperf results store; run 'results ingest' or 'results import-csv' first, or check --store.");
                    }

                    if (!exists)
                    {
                        await ExecuteAsync(connection, transaction, "CREATE TABLE netperf_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
                    }

                    var current = await ScalarAsync(connection, transaction, "SELECT MAX(version) FROM netperf_schema", cancellationToken).ConfigureAwait(false);
                    var version = current is null or DBNull ? 0 : Convert.ToInt32(current, System.Globalization.CultureInfo.InvariantCulture);
                    if (version > known)
                    {
                        throw new ResultsException(ResultsErrorKind.BadInput,
                            $"{Location} has schema version {version}, newer than this Netperf.Results knows ({known}); use the newer Netperf that wrote it, or another --store.");
                    }

                    foreach (var migration in migrations.Where(m => m.Version > version).OrderBy(m => m.Version))
                    {
                        foreach (var statement in migration.Statements(Engine))
                        {
                            await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                        }

                        using var record = Command(connection, transaction, "INSERT INTO netperf_schema (version, description, applied_at) VALUES (@v, @d, @t)");
                        Parameter(record, "@v", DbType.Int32).Value = migration.Version;
                        Parameter(record, "@d", DbType.String).Value = migration.Description;
                        Parameter(record, "@t", DbType.Int64).Value = _clock.GetUtcNow().UtcTicks;
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return Math.Max(version, known);
                }
            }
        }).ConfigureAwait(false);
    }

    public Task<IngestSummary> WriteAsync(ResultBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return GuardAsync("write to", async () =>
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var writer = new BatchWriter(this, connection, transaction);
                    await using (writer.ConfigureAwait(false))
                    {
                        var added = await writer.AddRunsAsync(batch.Runs, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                        await writer.AddPointsAsync(added.SelectMany(r => r.Points).Concat(batch.Points), cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return writer.Summary;
                    }
                }
            }
        });
    }

    public Task<IReadOnlyList<SeriesSummary>> ListSeriesAsync(CancellationToken cancellationToken = default) => GuardAsync("read", async () =>
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, """
                SELECT s.name, s.labels, s.unit, COUNT(*), MIN(p.ts), MAX(p.ts)
                FROM netperf_series s JOIN netperf_points p ON p.series_id = s.id
                GROUP BY s.id, s.name, s.labels, s.unit
                """);
            var list = new List<SeriesSummary>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new SeriesSummary
                    {
                        Key = new SeriesKey(reader.GetString(0), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1), Json)),
                        Unit = reader.GetString(2),
                        Points = reader.GetInt64(3),
                        First = new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                        Last = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                    });
                }
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Key.Canonical, b.Key.Canonical));
            return (IReadOnlyList<SeriesSummary>)list;
        }
    });

    public Task<IReadOnlyList<ResultPoint>> ReadSeriesAsync(SeriesKey series, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        return GuardAsync("read", async () =>
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // The series first, then its points by the primary key's leading column: an index range scan on both
                // engines whatever the planner's statistics (a join on the key can turn into a scan of every point).
                long id;
                string unit;
                using (var find = Command(connection, null, "SELECT id, unit FROM netperf_series WHERE key = @key"))
                {
                    Parameter(find, "@key", DbType.String).Value = series.Canonical;
                    var found = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (found.ConfigureAwait(false))
                    {
                        if (!await found.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            return (IReadOnlyList<ResultPoint>)[];
                        }

                        (id, unit) = (found.GetInt64(0), found.GetString(1));
                    }
                }

                using var command = Command(connection, null, """
                    SELECT ts, value, commit_id, run, machine, peer, pair
                    FROM netperf_points
                    WHERE series_id = @id
                    ORDER BY ts, run
                    """);
                Parameter(command, "@id", DbType.Int64).Value = id;
                var points = new List<ResultPoint>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        points.Add(new ResultPoint
                        {
                            Series = series,
                            Unit = unit,
                            Timestamp = new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero),
                            Value = reader.GetDouble(1),
                            Commit = reader.IsDBNull(2) ? null : reader.GetString(2),
                            Run = reader.GetString(3),
                            Machine = reader.IsDBNull(4) ? null : reader.GetString(4),
                            Peer = reader.IsDBNull(5) ? null : reader.GetString(5),
                            Pair = reader.IsDBNull(6) ? null : reader.GetString(6),
                        });
                    }
                }

                return (IReadOnlyList<ResultPoint>)points;
            }
        });
    }

    public Task<IReadOnlyList<string>> ListRunIdsAsync(CancellationToken cancellationToken = default) => GuardAsync("read", async () =>
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, "SELECT id FROM netperf_runs ORDER BY id");
            var ids = new List<string>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            return (IReadOnlyList<string>)ids;
        }
    });

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is this class's own constant text; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    internal static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    internal static string SerializeJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> GuardAsync<T>(string action, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ResultsException and not OperationCanceledException && Translate(ex, action) is { } translated)
        {
            throw translated;
        }
    }
}
