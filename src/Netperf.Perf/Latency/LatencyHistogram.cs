using System.Numerics;

namespace Netperf.Perf.Latency;

/// <summary>
/// A log-linear (HdrHistogram-style) latency histogram: 3 significant decimal digits over
/// 1 ns .. 1 h, in fixed memory allocated once per instance.
/// </summary>
/// <remarks>
/// <para>
/// Values are nanoseconds. Each power-of-two range holds 1024 linear sub-buckets, so a recorded
/// value is stored with a relative error below 1/1024 (better than 3 significant digits).
/// </para>
/// <para>
/// <see cref="Record(long)"/> allocates nothing and takes no lock: a histogram has one writer (the
/// perf instance that owns it). Readers merge or query it after the writer stopped, or accept a
/// slightly torn view while it runs (status lines). Histograms of instances and processes are
/// combined with <see cref="Add(LatencyHistogram)"/> and shipped with <see cref="Encode"/>.
/// </para>
/// </remarks>
public sealed partial class LatencyHistogram
{
    /// <summary>The highest trackable value: one hour in nanoseconds. Larger values are clamped to it.</summary>
    public const long HighestTrackableValue = 3_600_000_000_000L;

    /// <summary>The number of significant decimal digits kept for every value.</summary>
    public const int SignificantDigits = 3;

    private const int SubBucketHalfCountMagnitude = 10;
    private const int SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude;
    private const int SubBucketCount = SubBucketHalfCount << 1;
    private const long SubBucketMask = SubBucketCount - 1;
    private const int LeadingZeroCountBase = 64 - SubBucketHalfCountMagnitude - 1;

    /// <summary>Power-of-two buckets needed so that the top one covers <see cref="HighestTrackableValue"/>.</summary>
    internal const int BucketCount = 32;

    /// <summary>Length of the counts array: fixed for every instance (33,792 counters, 264 KiB).</summary>
    internal const int CountsLength = (BucketCount + 1) * SubBucketHalfCount;

    private readonly long[] _counts = new long[CountsLength];
    private long _totalCount;
    private long _min = long.MaxValue;
    private long _max;

    /// <summary>How many values were recorded.</summary>
    public long TotalCount => _totalCount;

    /// <summary>The largest recorded value in nanoseconds (exact), or 0 when empty.</summary>
    public long MaxValue => _max;

    /// <summary>The smallest recorded value in nanoseconds (exact), or 0 when empty.</summary>
    public long MinValue => _totalCount == 0 ? 0 : _min;

    /// <summary>Records one value in nanoseconds; negative values count as 0, values above one hour as one hour.</summary>
    /// <param name="valueNanoseconds">The latency in nanoseconds.</param>
    public void Record(long valueNanoseconds) => RecordCount(valueNanoseconds, 1);

    /// <summary>
    /// Records <paramref name="count"/> values equal to <paramref name="valueNanoseconds"/> (a batch's
    /// time per operation, recorded once per operation in it).
    /// </summary>
    /// <param name="valueNanoseconds">The latency in nanoseconds.</param>
    /// <param name="count">How many operations had that latency; must not be negative.</param>
    public void RecordCount(long valueNanoseconds, long count)
    {
        if (count <= 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            return;
        }

        var value = Math.Clamp(valueNanoseconds, 0, HighestTrackableValue);
        _counts[IndexOf(value)] += count;
        _totalCount += count;
        if (value < _min)
        {
            _min = value;
        }

        if (value > _max)
        {
            _max = value;
        }
    }

    /// <summary>Records a latency given as a <see cref="TimeSpan"/>.</summary>
    /// <param name="latency">The latency.</param>
    public void Record(TimeSpan latency) => Record(latency.Ticks * 100);

    /// <summary>Adds every count of <paramref name="other"/> to this histogram (the union of both samples).</summary>
    /// <param name="other">The histogram to add; it is not changed.</param>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._totalCount == 0)
        {
            return;
        }

        var source = other._counts;
        for (var i = 0; i < source.Length; i++)
        {
            _counts[i] += source[i];
        }

        _totalCount += other._totalCount;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>Forgets every recorded value (the warm-up's values, for example).</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _totalCount = 0;
        _min = long.MaxValue;
        _max = 0;
    }

    /// <summary>Returns a copy that no longer changes with this histogram.</summary>
    public LatencyHistogram Copy()
    {
        var copy = new LatencyHistogram();
        copy.Add(this);
        return copy;
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of the recorded values fall,
    /// reported as the highest value equivalent to its bucket (so never below the true value).
    /// The 100th percentile is the exact maximum. Returns 0 when the histogram is empty.
    /// </summary>
    /// <param name="percentile">Between 0 and 100.</param>
    public long GetValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100.0);
        var total = _totalCount;
        if (total == 0)
        {
            return 0;
        }

        if (percentile >= 100.0)
        {
            return _max;
        }

        var countAtPercentile = Math.Max(1L, (long)Math.Ceiling(percentile / 100.0 * total));
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += _counts[i];
            if (running >= countAtPercentile)
            {
                return Math.Min(HighestEquivalentValue(ValueAtIndex(i)), _max);
            }
        }

        return _max;
    }

    /// <summary>The mean of the recorded values in nanoseconds (each value taken at its bucket's midpoint).</summary>
    public double GetMean()
    {
        if (_totalCount == 0)
        {
            return 0;
        }

        double sum = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                var low = ValueAtIndex(i);
                sum += _counts[i] * (low + ((HighestEquivalentValue(low) - low) / 2.0));
            }
        }

        return sum / _totalCount;
    }

    /// <summary>The standard percentiles (50 .. 99.999, max, count) of the recorded values.</summary>
    public LatencyPercentiles GetPercentiles() => LatencyPercentiles.From(this);

    internal ReadOnlySpan<long> Counts => _counts;

    internal static int IndexOf(long value)
    {
        var bucketIndex = LeadingZeroCountBase - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask));
        var subBucketIndex = (int)(value >> bucketIndex);
        return ((bucketIndex + 1) << SubBucketHalfCountMagnitude) + (subBucketIndex - SubBucketHalfCount);
    }

    internal static long ValueAtIndex(int index)
    {
        var bucketIndex = (index >> SubBucketHalfCountMagnitude) - 1;
        var subBucketIndex = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucketIndex < 0)
        {
            subBucketIndex -= SubBucketHalfCount;
            bucketIndex = 0;
        }

        return (long)subBucketIndex << bucketIndex;
    }

    internal static long HighestEquivalentValue(long value)
    {
        var bucketIndex = LeadingZeroCountBase - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask));
        var subBucketIndex = (int)(value >> bucketIndex);
        var adjustedBucket = subBucketIndex >= SubBucketCount ? bucketIndex + 1 : bucketIndex;
        var lowest = (long)subBucketIndex << bucketIndex;
        return lowest + (1L << adjustedBucket) - 1;
    }
}
