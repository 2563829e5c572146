using Netperf.Results.Series;

namespace Netperf.Results.Storage;

/// <summary>
/// A history of results, one interface over two engines (<see cref="ResultStoreEngine"/>). Writes are all or
/// nothing (one transaction), idempotent (a run or point already present is counted, not written again) and
/// safe with other writers on the same store. Open one with <see cref="ResultStore.OpenAsync(string?, bool, TimeProvider?, CancellationToken)"/>.
/// </summary>
public interface IResultStore : IAsyncDisposable
{
    /// <summary>The engine.</summary>
    ResultStoreEngine Engine { get; }

    /// <summary>Where the store is, without secrets (a file path, or <c>postgresql://user@host:port/database</c>).</summary>
    string Location { get; }

    /// <summary>The store's schema version (<see cref="ResultStore.SchemaVersion"/> once opened).</summary>
    int SchemaVersion { get; }

    /// <summary>Writes a batch in one transaction: either all of it is in the store afterwards or none of it.</summary>
    /// <param name="batch">The runs and points.</param>
    /// <param name="cancellationToken">Cancels the write (nothing is written).</param>
    /// <returns>What was added and what was already there.</returns>
    /// <exception cref="ResultsException">A point's unit differs from its series' unit in the store (bad input), or the store failed (environment).</exception>
    Task<IngestSummary> WriteAsync(ResultBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Lists the series that have points, ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The series.</returns>
    Task<IReadOnlyList<SeriesSummary>> ListSeriesAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one series' points in time order (then by run); empty when the series is unknown.</summary>
    /// <param name="series">The series.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The points.</returns>
    Task<IReadOnlyList<ResultPoint>> ReadSeriesAsync(SeriesKey series, CancellationToken cancellationToken = default);

    /// <summary>Reads the ingested runs' ids (results files only; imported rows have none), for audits and tests.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ids, ordered.</returns>
    Task<IReadOnlyList<string>> ListRunIdsAsync(CancellationToken cancellationToken = default);
}
