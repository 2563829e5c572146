using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Netperf.Results.Series;

namespace Netperf.Results.Storage.Internal;

/// <summary>
/// Writes one batch inside its transaction: runs and points in multi-row <c>INSERT ... ON CONFLICT DO NOTHING</c>
/// statements (what is already there is counted, not written; a round trip per chunk, not per row, which is what
/// makes PostgreSQL fast), series created on first use. Runs report which of them were new
/// (<c>RETURNING id</c>); only their points are written. Concurrent writers that create the same series both end
/// up with the one row: the loser's insert does nothing and its following read sees the winner's committed row.
/// </summary>
internal sealed class BatchWriter : IAsyncDisposable
{
    /// <summary>Rows per statement: 16 run columns or 8 point columns per row stays far below both engines' parameter limits.</summary>
    private const int Chunk = 200;

    private static readonly string[] RunColumns =
    [
        "id", "source", "test", "status", "started_at", "run_id", "commit_id", "environment", "image", "size", "pair", "client_host", "peer_host", "provenance", "options", "ingested_at",
    ];

    private static readonly DbType[] RunTypes =
    [
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String,
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64,
    ];

    private static readonly string[] PointColumns = ["series_id", "ts", "run", "value", "commit_id", "machine", "peer", "pair"];

    private static readonly DbType[] PointTypes = [DbType.Int64, DbType.Int64, DbType.String, DbType.Double, DbType.String, DbType.String, DbType.String, DbType.String];

    private readonly SqlResultStore _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly Dictionary<string, (long Id, string Unit)> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, int Rows), DbCommand> _inserts = [];
    private DbCommand? _insertSeries;
    private DbCommand? _selectSeries;
    private int _runsAdded;
    private int _runsPresent;
    private int _pointsAdded;
    private int _pointsPresent;
    private int _seriesAdded;

    public BatchWriter(SqlResultStore store, DbConnection connection, DbTransaction transaction)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
    }

    public IngestSummary Summary => new()
    {
        RunsAdded = _runsAdded,
        RunsAlreadyPresent = _runsPresent,
        PointsAdded = _pointsAdded,
        PointsAlreadyPresent = _pointsPresent,
        SeriesAdded = _seriesAdded,
    };

    /// <summary>Writes the runs that are not in the store yet and returns them (a run given twice counts once, then as present).</summary>
    public async Task<List<ResultRun>> AddRunsAsync(IReadOnlyList<ResultRun> runs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<ResultRun>(runs.Count);
        foreach (var run in runs)
        {
            if (seen.Add(run.Id))
            {
                distinct.Add(run);
            }
            else
            {
                _runsPresent++;
            }
        }

        var added = new List<ResultRun>();
        foreach (var chunk in distinct.Chunk(Chunk))
        {
            var command = Insert("netperf_runs", RunColumns, RunTypes, chunk.Length, "ON CONFLICT (id) DO NOTHING RETURNING id");
            var p = 0;
            foreach (var run in chunk)
            {
                var v = run.Provenance;
                foreach (var value in new object?[]
                {
                    run.Id, run.Source, run.Test, run.Status, run.StartedAt.UtcTicks, v?.RunId, v?.Commit, v?.Environment, v?.Image, v?.Size,
                    v?.PairId, v?.Client?.HostName, v?.Peer?.HostName, v is null ? null : SqlResultStore.SerializeJson(v), SqlResultStore.SerializeJson(run.Options), now.UtcTicks,
                })
                {
                    command.Parameters[p++].Value = value ?? DBNull.Value;
                }
            }

            var inserted = new HashSet<string>(StringComparer.Ordinal);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted.Add(reader.GetString(0));
                }
            }

            _runsAdded += inserted.Count;
            _runsPresent += chunk.Length - inserted.Count;
            added.AddRange(chunk.Where(r => inserted.Contains(r.Id)));
        }

        return added;
    }

    public async Task AddPointsAsync(IEnumerable<ResultPoint> points, CancellationToken cancellationToken)
    {
        foreach (var chunk in points.Chunk(Chunk))
        {
            var ids = new long[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                ids[i] = await SeriesIdAsync(chunk[i], cancellationToken).ConfigureAwait(false);
            }

            var command = Insert("netperf_points", PointColumns, PointTypes, chunk.Length, "ON CONFLICT (series_id, ts, run) DO NOTHING");
            var p = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                var point = chunk[i];
                foreach (var value in new object?[] { ids[i], point.Timestamp.UtcTicks, point.Run, point.Value, point.Commit, point.Machine, point.Peer, point.Pair })
                {
                    command.Parameters[p++].Value = value ?? DBNull.Value;
                }
            }

            var added = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var before = _pointsAdded + _pointsPresent;
            _pointsAdded += added;
            _pointsPresent += chunk.Length - added;
            for (var n = before + 1; n <= before + chunk.Length; n++)
            {
                _store.PointWritten?.Invoke(n);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _inserts.Values.Append(_insertSeries).Append(_selectSeries))
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<long> SeriesIdAsync(ResultPoint point, CancellationToken cancellationToken)
    {
        var key = point.Series.Canonical;
        if (!_series.TryGetValue(key, out var known))
        {
            _insertSeries ??= Prepare(
                "INSERT INTO netperf_series (key, name, unit, labels) VALUES (@key, @name, @unit, @labels) ON CONFLICT (key) DO NOTHING",
                ("@key", DbType.String), ("@name", DbType.String), ("@unit", DbType.String), ("@labels", DbType.String));
            _insertSeries.Parameters[0].Value = key;
            _insertSeries.Parameters[1].Value = point.Series.Name;
            _insertSeries.Parameters[2].Value = point.Unit;
            _insertSeries.Parameters[3].Value = SqlResultStore.SerializeJson(point.Series.Labels);
            _seriesAdded += await _insertSeries.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _selectSeries ??= Prepare("SELECT id, unit FROM netperf_series WHERE key = @key", ("@key", DbType.String));
            _selectSeries.Parameters[0].Value = key;
            var reader = await _selectSeries.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"The series {key} was neither inserted nor found.");
                }

                known = (reader.GetInt64(0), reader.GetString(1));
            }

            _series[key] = known;
        }

        if (!string.Equals(known.Unit, point.Unit, StringComparison.Ordinal))
        {
            throw new ResultsException(ResultsErrorKind.BadInput,
                $"The series {key} is in '{known.Unit}' but a new point is in '{point.Unit}'; a series keeps one unit (rename the series or convert the values). Nothing was written.");
        }

        return known.Id;
    }

    /// <summary>The multi-row insert of <paramref name="rows"/> rows, prepared once per size (full chunks reuse one command).</summary>
    private DbCommand Insert(string table, string[] columns, DbType[] types, int rows, string tail)
    {
        if (_inserts.TryGetValue((table, rows), out var cached))
        {
            return cached;
        }

        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        var parameters = new List<(string, DbType)>(rows * columns.Length);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? string.Empty : ", ").Append(name);
                parameters.Add((name, types[c]));
            }

            sql.Append(')');
        }

        var command = Prepare(sql.Append(' ').Append(tail).ToString(), [.. parameters]);
        _inserts[(table, rows)] = command;
        return command;
    }

    private DbCommand Prepare(string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = SqlResultStore.Command(_connection, _transaction, sql);
        foreach (var (name, type) in parameters)
        {
            SqlResultStore.Parameter(command, name, type);
        }

        command.Prepare();
        return command;
    }
}
