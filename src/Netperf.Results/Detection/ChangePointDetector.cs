using Netperf.Results.Detection.Internal;
using Netperf.Results.Series;

namespace Netperf.Results.Detection;

/// <summary>
/// Finds changes in one series and judges them (see <c>docs/results.md</c>): E-Divisive means with a permutation
/// test for changes with points on both sides, a tail check for a drop in the last one or two points, small
/// changes merged away (<see cref="ChangePointOptions.MinimumEffect"/>), then each change's levels, bootstrap
/// confidence interval, confirmation and recovery, and the series' gaps. Deterministic: the random draws are
/// seeded from the series key, so the same history gives the same answer.
/// </summary>
public sealed class ChangePointDetector
{
    /// <summary>The fewest points of the last level the tail check compares the last points with.</summary>
    internal const int TailHistory = 5;

    /// <summary>How far (in standard deviations of the last level) one last point must lie from its mean.</summary>
    internal const double TailScoreOne = 5;

    /// <summary>How far the mean of two last points must lie.</summary>
    internal const double TailScoreTwo = 3;

    private readonly ChangePointOptions _options;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; defaults when null. They are copied.</param>
    public ChangePointDetector(ChangePointOptions? options = null)
    {
        _options = (options ?? new ChangePointOptions()).Clone();
    }

    /// <summary>Analyses one series.</summary>
    /// <param name="series">The series.</param>
    /// <param name="unit">Its unit (decides which way is worse).</param>
    /// <param name="points">Its points in time order.</param>
    /// <param name="since">Only regressions at or after this time count toward the verdict (all are still reported); null for all.</param>
    /// <returns>The analysis.</returns>
    public SeriesAnalysis Analyze(SeriesKey series, string unit, IReadOnlyList<ResultPoint> points, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(points);
        var higherIsBetter = ResultUnits.HigherIsBetter(unit);
        var values = points.Select(p => p.Value).ToArray();
        var seed = StableSeed(series.Canonical);
        var changes = FindChanges(values, seed);
        var described = Describe(changes, points, values, higherIsBetter, seed);
        var counted = described.Where(c => c.Direction == ChangeDirection.Regression && (since is null || c.Timestamp >= since)).ToList();
        var (verdict, culprit) = Judge(counted);
        return new SeriesAnalysis
        {
            Key = series,
            Unit = unit,
            HigherIsBetter = higherIsBetter,
            PointCount = points.Count,
            LastTimestamp = points.Count == 0 ? null : points[^1].Timestamp,
            Changes = described,
            Gaps = FindGaps(points),
            Verdict = verdict,
            Culprit = culprit,
        };
    }

    /// <summary>The change indices of bare values (E-Divisive, merge, tail), for the statistical tests.</summary>
    internal List<(int Index, double PValue, ChangeMethod Method)> FindChanges(double[] values, int seed)
    {
        var found = new EDivisive(_options, seed).Find(values).Select(c => (c.Index, c.PValue, ChangeMethod.EDivisive)).ToList();
        MergeSmall(values, found);
        var lastStart = found.Count == 0 ? 0 : found[^1].Index;
        foreach (var k in new[] { 2, 1 })
        {
            if (values.Length - k - lastStart >= TailHistory && Tail(values.AsSpan(lastStart, values.Length - lastStart), k) is { } p)
            {
                found.Add((values.Length - k, p, ChangeMethod.Tail));
                break;
            }
        }

        return found;
    }

    private static int StableSeed(string text)
    {
        // FNV-1a: string.GetHashCode is randomised per process; the check must give the same answer every time.
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static (RegressionVerdict, ChangePoint?) Judge(List<ChangePoint> regressions)
    {
        var standing = regressions.Where(r => !r.Recovered).ToList();
        if (standing.LastOrDefault(r => r.Confirmed) is { } confirmed)
        {
            return (RegressionVerdict.Confirmed, confirmed);
        }

        if (standing.LastOrDefault() is { } suspected)
        {
            return (RegressionVerdict.Suspected, suspected);
        }

        return regressions.LastOrDefault() is { } recovered ? (RegressionVerdict.Recovered, recovered) : (RegressionVerdict.None, null);
    }

    private void MergeSmall(double[] values, List<(int Index, double PValue, ChangeMethod Method)> found)
    {
        while (found.Count > 0)
        {
            var smallest = -1;
            var smallestEffect = double.PositiveInfinity;
            for (var i = 0; i < found.Count; i++)
            {
                var start = i == 0 ? 0 : found[i - 1].Index;
                var end = i + 1 < found.Count ? found[i + 1].Index : values.Length;
                var before = Statistics.Mean(values.AsSpan(start, found[i].Index - start));
                var after = Statistics.Mean(values.AsSpan(found[i].Index, end - found[i].Index));
                var effect = Math.Abs(Statistics.Relative(before, after));
                if (effect < smallestEffect)
                {
                    smallestEffect = effect;
                    smallest = i;
                }
            }

            if (smallestEffect >= _options.MinimumEffect)
            {
                return;
            }

            found.RemoveAt(smallest);
        }
    }

    /// <summary>
    /// The tail check: the last <paramref name="k"/> points all beyond every earlier point of the level, on one
    /// side, by at least <see cref="ChangePointOptions.MinimumEffect"/> and a z-score against the level's mean and standard deviation; returns the chance
    /// that k exchangeable points are the k most extreme on one side (2 / C(n, k)), or null.
    /// </summary>
    private double? Tail(ReadOnlySpan<double> level, int k)
    {
        var history = level[..^k];
        var tail = level[^k..];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in history)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var below = true;
        var above = true;
        foreach (var v in tail)
        {
            below &= v < min;
            above &= v > max;
        }

        if (!below && !above)
        {
            return null;
        }

        var center = Statistics.Mean(history);
        var sigma = Statistics.StandardDeviation(history, center);
        var deviation = Math.Abs(Statistics.Mean(tail) - center);
        var relative = center != 0 ? deviation / Math.Abs(center) : double.PositiveInfinity;
        var score = sigma > 0 ? deviation / sigma : double.PositiveInfinity;
        if (relative < Math.Max(_options.MinimumEffect, 1e-12) || score < (k == 1 ? TailScoreOne : TailScoreTwo))
        {
            return null;
        }

        var n = level.Length;
        var combinations = k == 1 ? n : n * (n - 1) / 2.0;
        return Math.Min(1, 2 / combinations);
    }

    private List<ChangePoint> Describe(List<(int Index, double PValue, ChangeMethod Method)> changes, IReadOnlyList<ResultPoint> points, double[] values, bool higherIsBetter, int seed)
    {
        var random = new SeededRandom(seed ^ 0x5bd1e995);
        var levels = new List<double>();
        var bounds = changes.Select(c => c.Index).Prepend(0).Append(values.Length).ToList();
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            levels.Add(Statistics.Mean(values.AsSpan(bounds[i], bounds[i + 1] - bounds[i])));
        }

        var result = new List<ChangePoint>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var (index, pValue, method) = changes[i];
            var beforeSpan = values.AsSpan(bounds[i], index - bounds[i]);
            var afterSpan = values.AsSpan(index, bounds[i + 2] - index);
            double before = levels[i], after = levels[i + 1];
            var effect = Statistics.Relative(before, after);
            var (low, high) = Statistics.BootstrapRelative(beforeSpan, afterSpan, _options.BootstrapResamples, _options.ConfidenceLevel, random);
            var midpoint = (before + after) / 2;
            var agreeing = 0;
            foreach (var v in afterSpan)
            {
                if (after < before ? v < midpoint : v > midpoint)
                {
                    agreeing++;
                }
            }

            var agreement = (double)agreeing / afterSpan.Length;
            var direction = (after < before) == higherIsBetter ? ChangeDirection.Regression : ChangeDirection.Improvement;
            var recovered = direction == ChangeDirection.Regression
                && levels.Skip(i + 2).Any(later => higherIsBetter ? later > midpoint : later < midpoint);
            result.Add(new ChangePoint
            {
                Index = index,
                Timestamp = points[index].Timestamp,
                PreviousTimestamp = points[index - 1].Timestamp,
                Before = before,
                After = after,
                Effect = effect,
                EffectLow = low,
                EffectHigh = high,
                PValue = pValue,
                PointsAfter = afterSpan.Length,
                Agreement = agreement,
                Confirmed = afterSpan.Length >= _options.ConfirmPoints && agreement >= _options.ConfirmAgreement,
                Recovered = recovered,
                Direction = direction,
                Method = method,
                CommitBefore = points[index - 1].Commit,
                CommitAfter = points[index].Commit,
                MachinesAfter = [.. points.Skip(index).Take(afterSpan.Length).Select(p => p.Machine).OfType<string>().Distinct(StringComparer.Ordinal)],
            });
        }

        return result;
    }

    private List<SeriesGap> FindGaps(IReadOnlyList<ResultPoint> points)
    {
        var gaps = new List<SeriesGap>();
        if (points.Count < 5)
        {
            return gaps;
        }

        var intervals = new double[points.Count - 1];
        for (var i = 1; i < points.Count; i++)
        {
            intervals[i - 1] = (points[i].Timestamp - points[i - 1].Timestamp).TotalSeconds;
        }

        var usual = Statistics.Median(intervals);
        if (usual <= 0)
        {
            return gaps;
        }

        for (var i = 0; i < intervals.Length; i++)
        {
            if (intervals[i] > _options.GapFactor * usual)
            {
                gaps.Add(new SeriesGap { From = points[i].Timestamp, To = points[i + 1].Timestamp, TimesUsual = intervals[i] / usual });
            }
        }

        return gaps;
    }
}
