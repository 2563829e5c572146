using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Results.Csv;
using Netperf.Results.Detection;
using Netperf.Results.Ingest;
using Netperf.Results.Reporting;
using Netperf.Results.Reporting.Internal;
using Netperf.Results.Series;
using Netperf.Results.Storage;

namespace Netperf.Results;

/// <summary>
/// Results that outlive a run: ingest results files, import and export CSV, read series, check for regressions
/// and write the dashboard, over the store of <see cref="ResultsOptions.Store"/>. Register it with
/// <c>services.AddNetperfResults()</c>; the <c>results</c> command verbs use it too. Each call opens the store
/// and closes it (connections are pooled), so one instance serves concurrent callers.
/// </summary>
public sealed class ResultHistory
{
    private readonly ResultsOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="options">The options (validated at start-up when registered with AddNetperfResults).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public ResultHistory(IOptions<ResultsOptions> options, TimeProvider? timeProvider = null, ILogger<ResultHistory>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The store's location without secrets.</summary>
    public string StoreLocation => ResultStore.Describe(StoreSetting);

    private string StoreSetting => string.IsNullOrWhiteSpace(_options.Store) ? ResultStore.DefaultLocation : _options.Store;

    /// <summary>Opens the store (see <see cref="ResultStore.OpenAsync(string?, bool, TimeProvider?, CancellationToken)"/>).</summary>
    /// <param name="create">True to create it when missing.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The store; dispose it.</returns>
    public Task<IResultStore> OpenStoreAsync(bool create, CancellationToken cancellationToken = default) =>
        ResultStore.OpenAsync(StoreSetting, create, _clock, cancellationToken);

    /// <summary>
    /// Ingests results files, all or nothing: every file is read and checked first, then all are written in one
    /// transaction. A folder adds its <c>*.json</c> files (recursively), leaving out JSON that is not a results file;
    /// a file named directly must be one. The same file twice is one run.
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="cancellationToken">Cancels the ingest (nothing is written).</param>
    /// <returns>What was added.</returns>
    /// <exception cref="ResultsException">A file is not a results file, is truncated, or the store failed; nothing was written.</exception>
    public async Task<IngestSummary> IngestAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var runs = new List<ResultRun>();
        var skipped = new List<string>();
        IEnumerable<string> ignored = _options.IgnoredOptions ?? (IEnumerable<string>)ResultFile.DefaultIgnoredOptions;
        var any = false;
        foreach (var path in paths)
        {
            any = true;
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var run = ResultFile.Parse(file, await ReadFileAsync(file, cancellationToken).ConfigureAwait(false), ignored, skipForeign: true);
                    if (run is null)
                    {
                        skipped.Add(file);
                    }
                    else
                    {
                        runs.Add(run);
                    }
                }
            }
            else
            {
                runs.Add(await ResultFile.ReadAsync(path, ignored, cancellationToken).ConfigureAwait(false));
            }
        }

        if (!any)
        {
            throw new ResultsException(ResultsErrorKind.BadInput, "No results files or folders given.");
        }

        var store = await OpenStoreAsync(create: true, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var summary = await store.WriteAsync(new ResultBatch { Runs = runs }, cancellationToken).ConfigureAwait(false);
            summary = summary with
            {
                Skipped = skipped,
                RunsWithoutPoints = runs.Where(r => r.Points.Count == 0).Select(r => r.Id).Distinct(StringComparer.Ordinal).Count(),
            };
            ResultsLog.Ingested(_logger, store.Location, summary.RunsAdded, summary.RunsAlreadyPresent, summary.PointsAdded, skipped.Count);
            return summary;
        }
    }

    /// <summary>Imports a CSV history (<see cref="ResultCsv"/>), all or nothing.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="cancellationToken">Cancels the import (nothing is written).</param>
    /// <returns>What was added.</returns>
    /// <exception cref="ResultsException">A bad row (with its line number), or the store failed; nothing was written.</exception>
    public async Task<IngestSummary> ImportCsvAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IReadOnlyList<ResultPoint> points;
        try
        {
            using var reader = new StreamReader(path);
            points = await ResultCsv.ReadAsync(reader, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ResultsException(ResultsErrorKind.BadInput, $"{path}: no such file.", ex);
        }

        var store = await OpenStoreAsync(create: true, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var summary = await store.WriteAsync(new ResultBatch { Points = points }, cancellationToken).ConfigureAwait(false);
            ResultsLog.Imported(_logger, points.Count, path, store.Location, summary.PointsAdded, summary.PointsAlreadyPresent);
            return summary;
        }
    }

    /// <summary>Exports series as canonical CSV (<see cref="ResultCsv.WriteAsync"/>).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="seriesFilter">Only series whose key contains this text (case-insensitive); null for all.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The rows written.</returns>
    public async Task<int> ExportCsvAsync(TextWriter writer, string? seriesFilter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var store = await OpenStoreAsync(create: false, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var points = new List<ResultPoint>();
            foreach (var series in Filter(await store.ListSeriesAsync(cancellationToken).ConfigureAwait(false), seriesFilter))
            {
                points.AddRange(await store.ReadSeriesAsync(series.Key, cancellationToken).ConfigureAwait(false));
            }

            return await ResultCsv.WriteAsync(writer, points, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the store's series.</summary>
    /// <param name="seriesFilter">Only series whose key contains this text (case-insensitive); null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The series, ordered by key.</returns>
    public async Task<IReadOnlyList<SeriesSummary>> ListSeriesAsync(string? seriesFilter = null, CancellationToken cancellationToken = default)
    {
        var store = await OpenStoreAsync(create: false, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            return [.. Filter(await store.ListSeriesAsync(cancellationToken).ConfigureAwait(false), seriesFilter)];
        }
    }

    /// <summary>Reads one series' points in time order.</summary>
    /// <param name="series">The series.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The points (empty for an unknown series).</returns>
    public async Task<IReadOnlyList<ResultPoint>> ReadSeriesAsync(SeriesKey series, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var store = await OpenStoreAsync(create: false, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            return await store.ReadSeriesAsync(series, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks every series (or those asked for) for regressions, each within its bucket.</summary>
    /// <param name="request">What to check; everything when null.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report.</returns>
    public async Task<CheckReport> CheckAsync(CheckRequest? request = null, CancellationToken cancellationToken = default) =>
        (await AnalyzeAsync(request ?? new CheckRequest(), cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>Writes the dashboard (<c>index.html</c>, self-contained) and its Markdown summary (<c>summary.md</c>) into a folder.</summary>
    /// <param name="folder">The folder (created when missing).</param>
    /// <param name="request">What to show; everything when null.</param>
    /// <param name="title">The page's title; "Netperf results" when null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The files written and the check they show.</returns>
    public async Task<DashboardOutput> WriteDashboardAsync(string folder, CheckRequest? request = null, string? title = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var (report, points) = await AnalyzeAsync(request ?? new CheckRequest(), cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(folder);
            var page = Path.Combine(folder, "index.html");
            var summary = Path.Combine(folder, "summary.md");
            await File.WriteAllTextAsync(page, DashboardPage.Format(report, points, title ?? "Netperf results", _clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(summary, report.ToMarkdown(), cancellationToken).ConfigureAwait(false);
            return new DashboardOutput { PagePath = page, SummaryPath = summary, Report = report };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException(ResultsErrorKind.Environment, $"Could not write the dashboard into {folder}: {ex.Message}", ex);
        }
    }

    private static IEnumerable<SeriesSummary> Filter(IEnumerable<SeriesSummary> series, string? filter) =>
        string.IsNullOrEmpty(filter) ? series : series.Where(s => s.Key.Canonical.Contains(filter, StringComparison.OrdinalIgnoreCase));

    private async Task<(CheckReport Report, Dictionary<SeriesKey, IReadOnlyList<ResultPoint>> Points)> AnalyzeAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var groups = new Dictionary<SeriesKey, (string Unit, List<ResultPoint> Points)>();
        var store = await OpenStoreAsync(create: false, cancellationToken).ConfigureAwait(false);
        string location;
        await using (store.ConfigureAwait(false))
        {
            location = store.Location;
            foreach (var series in Filter(await store.ListSeriesAsync(cancellationToken).ConfigureAwait(false), request.SeriesFilter))
            {
                var key = series.Key.Without(request.Across);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = (series.Unit, []);
                    groups[key] = group;
                }
                else if (!string.Equals(group.Unit, series.Unit, StringComparison.Ordinal))
                {
                    throw new ResultsException(ResultsErrorKind.BadInput,
                        $"Comparing across {string.Join(", ", request.Across)} merges {key.Canonical} from series in '{group.Unit}' and '{series.Unit}'; check those separately.");
                }

                var points = await store.ReadSeriesAsync(series.Key, cancellationToken).ConfigureAwait(false);
                group.Points.AddRange(request.Across.Count == 0 ? points : points.Select(p => p with { Series = key }));
            }
        }

        var keys = groups.Keys.OrderBy(k => k.Canonical, StringComparer.Ordinal).ToList();
        var merged = keys.ToDictionary(k => k, k => (IReadOnlyList<ResultPoint>)[.. groups[k].Points.OrderBy(p => p.Timestamp.UtcTicks).ThenBy(p => p.Run, StringComparer.Ordinal)]);
        var analyses = new SeriesAnalysis[keys.Count];
        var detector = new ChangePointDetector(_options.Detection);
        Parallel.For(0, keys.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            analyses[i] = detector.Analyze(keys[i], groups[keys[i]].Unit, merged[keys[i]], request.Since));
        var report = new CheckReport { Store = location, Request = request, Series = analyses };
        ResultsLog.Checked(_logger, analyses.Length, location, watch.ElapsedMilliseconds,
            analyses.Count(a => a.Verdict == RegressionVerdict.Confirmed), analyses.Count(a => a.Verdict == RegressionVerdict.Suspected));
        return (report, merged);
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException(ResultsErrorKind.Environment, $"{path}: cannot be read: {ex.Message}", ex);
        }
    }
}
