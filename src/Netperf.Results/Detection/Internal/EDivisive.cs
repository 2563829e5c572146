namespace Netperf.Results.Detection.Internal;

/// <summary>
/// E-Divisive means (Matteson and James, 2014, with α = 1) for one series: the split that maximises the
/// scaled energy distance between the points before and after it, tested with a permutation test on the
/// maximum over all splits, applied recursively to both sides of each significant split (binary segmentation).
/// </summary>
/// <remarks>
/// For one split τ of m points into a = τ and b = m − τ, with W(S) the sum of |x − y| over the pairs of S:
/// Q(τ) = ab/(a+b) · [2·cross/(ab) − W(left)/C(a,2) − W(right)/C(b,2)], cross = Σ |x_i − x_j| over i &lt; τ ≤ j.
/// One pass over the points in order gives every τ: a Fenwick tree over the values' ranks (count and sum of
/// the smaller values seen) yields A_t = Σ_{i&lt;t} |x_t − x_i|, so W(left) grows by A_t and cross by D_t − 2·A_t,
/// where D_t = Σ_j |x_t − x_j| over all points does not depend on the order and is computed once; W(right) is
/// W(all) − W(left) − cross. A scan is O(m log m) instead of O(m²). A permutation reorders the points and keeps
/// their ranks and D. The permutation test stops as soon as the count of permuted maxima reaching the observed
/// one makes significance impossible: the same decision as the full count, and series without a change cost
/// a few permutations. Values are scaled by their mean magnitude first (the statistic's argmax and p-value
/// do not change) to keep the sums well conditioned.
/// </remarks>
internal sealed class EDivisive
{
    private readonly ChangePointOptions _options;
    private readonly SeededRandom _random;

    public EDivisive(ChangePointOptions options, int seed)
    {
        _options = options;
        _random = new SeededRandom(seed);
    }

    /// <summary>The significant splits of <paramref name="values"/> (indices of the first point of each new segment), sorted, with their p-values.</summary>
    public List<(int Index, double PValue)> Find(double[] values)
    {
        var found = new List<(int, double)>();
        Recurse(values, 0, values.Length, found);
        found.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        return found;
    }

    private void Recurse(double[] values, int start, int end, List<(int, double)> found)
    {
        var length = end - start;
        if (length < 2 * _options.MinimumSegment)
        {
            return;
        }

        var segment = new Segment(values.AsSpan(start, length));
        var (split, observed) = segment.BestSplit(segment.Identity(), _options.MinimumSegment);
        if (split < 0)
        {
            return;
        }

        var pValue = segment.PermutationPValue(observed, _options, _random);
        if (pValue > _options.Significance)
        {
            return;
        }

        found.Add((start + split, pValue));
        Recurse(values, start, start + split, found);
        Recurse(values, start + split, end, found);
    }

    /// <summary>One segment's values, ranks and scratch arrays.</summary>
    private sealed class Segment
    {
        private readonly double[] _x;
        private readonly int[] _rank;
        private readonly double[] _distance;
        private readonly double _all;
        private readonly long[] _count;
        private readonly double[] _sum;

        public Segment(ReadOnlySpan<double> values)
        {
            var m = values.Length;
            var scale = 0.0;
            foreach (var v in values)
            {
                scale += Math.Abs(v);
            }

            scale = scale > 0 ? scale / m : 1;
            _x = new double[m];
            for (var i = 0; i < m; i++)
            {
                _x[i] = values[i] / scale;
            }

            var order = Identity(m);
            Array.Sort(order, (a, b) => _x[a].CompareTo(_x[b]));
            _rank = new int[m];
            for (var r = 0; r < m; r++)
            {
                _rank[order[r]] = r;
            }

            // D_i = Σ_j |x_i − x_j| from the sorted values' prefix sums.
            var prefix = new double[m + 1];
            for (var r = 0; r < m; r++)
            {
                prefix[r + 1] = prefix[r] + _x[order[r]];
            }

            _distance = new double[m];
            var all = 0.0;
            for (var r = 0; r < m; r++)
            {
                var v = _x[order[r]];
                var d = (v * r) - prefix[r] + (prefix[m] - prefix[r + 1]) - (v * (m - r - 1));
                _distance[order[r]] = d;
                all += d;
            }

            _all = all / 2;
            _count = new long[m + 1];
            _sum = new double[m + 1];
        }

        public int[] Identity() => Identity(_x.Length);

        /// <summary>The split with the largest Q over <paramref name="order"/>, and that Q; (-1, 0) when no split is allowed.</summary>
        public (int Split, double Q) BestSplit(int[] order, int minimum)
        {
            var m = order.Length;
            Array.Clear(_count);
            Array.Clear(_sum);
            var best = -1;
            var bestQ = double.NegativeInfinity;
            double within = 0, cross = 0, total = 0;
            for (var t = 0; t < m; t++)
            {
                if (t >= minimum && m - t >= minimum)
                {
                    double a = t, b = m - t;
                    var withinRight = _all - within - cross;
                    var energy = (2 * cross / (a * b))
                        - (a > 1 ? within / (a * (a - 1) / 2) : 0)
                        - (b > 1 ? withinRight / (b * (b - 1) / 2) : 0);
                    var q = a * b / (a + b) * energy;
                    if (q > bestQ)
                    {
                        bestQ = q;
                        best = t;
                    }
                }

                var index = order[t];
                var v = _x[index];
                var rank = _rank[index];
                long countBelow = 0;
                var sumBelow = 0.0;
                for (var i = rank; i > 0; i -= i & -i)
                {
                    countBelow += _count[i];
                    sumBelow += _sum[i];
                }

                var added = (v * countBelow) - sumBelow + (total - sumBelow) - (v * (t - countBelow));
                within += added;
                cross += _distance[index] - (2 * added);
                for (var i = rank + 1; i < _count.Length; i += i & -i)
                {
                    _count[i]++;
                    _sum[i] += v;
                }

                total += v;
            }

            return best < 0 ? (-1, 0) : (best, bestQ);
        }

        public double PermutationPValue(double observed, ChangePointOptions options, SeededRandom random)
        {
            var permutations = options.Permutations;

            // Significant iff (1 + exceed) / (1 + permutations) <= significance.
            var allowed = (int)Math.Floor((options.Significance * (permutations + 1)) - 1 + 1e-9);
            var order = Identity();
            var exceed = 0;
            for (var r = 1; r <= permutations; r++)
            {
                for (var i = order.Length - 1; i > 0; i--)
                {
                    var j = random.Next(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }

                var (_, q) = BestSplit(order, options.MinimumSegment);
                if (q >= observed - (1e-12 * Math.Abs(observed)))
                {
                    exceed++;
                    if (exceed > allowed)
                    {
                        return (1.0 + exceed) / (1.0 + r);
                    }
                }
            }

            return (1.0 + exceed) / (1.0 + permutations);
        }

        private static int[] Identity(int m)
        {
            var order = new int[m];
            for (var i = 0; i < m; i++)
            {
                order[i] = i;
            }

            return order;
        }
    }
}
