using System.Data;
using System.Data.Common;
using Netperf.Results.Series;

namespace Netperf.Results.Storage.Internal;

/// <summary>
/// Writes one batch inside its transaction with commands prepared once: runs and points with
/// <c>ON CONFLICT DO NOTHING</c> (what is already there is counted, not written), series created on first use.
/// Concurrent writers that create the same series both end up with the one row: the loser's insert does nothing
/// and its following read sees the winner's committed row.
/// </summary>
internal sealed class BatchWriter : IAsyncDisposable
{
    private readonly SqlResultStore _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly Dictionary<string, (long Id, string Unit)> _series = new(StringComparer.Ordinal);
    private DbCommand? _run;
    private DbCommand? _insertSeries;
    private DbCommand? _selectSeries;
    private DbCommand? _point;
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

    /// <summary>Adds a run; false when it was already in the store (its points are then not written either).</summary>
    public async Task<bool> AddRunAsync(ResultRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _run ??= Prepare("""
            INSERT INTO netperf_runs (id, source, test, status, started_at, run_id, commit_id, environment, image, size, pair, client_host, peer_host, provenance, options, ingested_at)
            VALUES (@id, @source, @test, @status, @started, @runid, @commit, @environment, @image, @size, @pair, @client, @peer, @provenance, @options, @ingested)
            ON CONFLICT (id) DO NOTHING
            """,
            ("@id", DbType.String), ("@source", DbType.String), ("@test", DbType.String), ("@status", DbType.String), ("@started", DbType.Int64),
            ("@runid", DbType.String), ("@commit", DbType.String), ("@environment", DbType.String), ("@image", DbType.String), ("@size", DbType.String),
            ("@pair", DbType.String), ("@client", DbType.String), ("@peer", DbType.String), ("@provenance", DbType.String), ("@options", DbType.String),
            ("@ingested", DbType.Int64));
        var p = run.Provenance;
        Set(_run, run.Id, run.Source, run.Test, run.Status, run.StartedAt.UtcTicks, p?.RunId, p?.Commit, p?.Environment, p?.Image, p?.Size,
            p?.PairId, p?.Client?.HostName, p?.Peer?.HostName, p is null ? null : SqlResultStore.SerializeJson(p), SqlResultStore.SerializeJson(run.Options), now.UtcTicks);
        var added = await _run.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        if (added)
        {
            _runsAdded++;
        }
        else
        {
            _runsPresent++;
        }

        return added;
    }

    public async Task AddPointAsync(ResultPoint point, CancellationToken cancellationToken)
    {
        var seriesId = await SeriesIdAsync(point, cancellationToken).ConfigureAwait(false);
        _point ??= Prepare("""
            INSERT INTO netperf_points (series_id, ts, run, value, commit_id, machine, peer, pair)
            VALUES (@series, @ts, @run, @value, @commit, @machine, @peer, @pair)
            ON CONFLICT (series_id, ts, run) DO NOTHING
            """,
            ("@series", DbType.Int64), ("@ts", DbType.Int64), ("@run", DbType.String), ("@value", DbType.Double),
            ("@commit", DbType.String), ("@machine", DbType.String), ("@peer", DbType.String), ("@pair", DbType.String));
        Set(_point, seriesId, point.Timestamp.UtcTicks, point.Run, point.Value, point.Commit, point.Machine, point.Peer, point.Pair);
        if (await _point.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            _pointsAdded++;
        }
        else
        {
            _pointsPresent++;
        }

        _store.PointWritten?.Invoke(_pointsAdded + _pointsPresent);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _run, _insertSeries, _selectSeries, _point })
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
            Set(_insertSeries, key, point.Series.Name, point.Unit, SqlResultStore.SerializeJson(point.Series.Labels));
            _seriesAdded += await _insertSeries.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _selectSeries ??= Prepare("SELECT id, unit FROM netperf_series WHERE key = @key", ("@key", DbType.String));
            Set(_selectSeries, key);
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

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
