namespace Netperf.Results.Series;

/// <summary>
/// The names of the labels and point attributes Netperf writes. A series from a results file is keyed by its
/// bucket: <see cref="Environment"/>, <see cref="Image"/>, <see cref="Size"/> and <see cref="Options"/>; the
/// machines, pair and run of each point are attributes of the point (<see cref="PointAttributes"/>), so a
/// series spans every pair of its bucket.
/// </summary>
public static class SeriesLabels
{
    /// <summary>The environment (<c>local</c>, <c>lab</c>, <c>azure</c>).</summary>
    public const string Environment = "environment";

    /// <summary>The OS image.</summary>
    public const string Image = "image";

    /// <summary>The VM size or SKU.</summary>
    public const string Size = "size";

    /// <summary>The test's options that change what is measured, as <c>name=value</c> pairs sorted by name.</summary>
    public const string Options = "options";

    /// <summary>The point attribute holding <see cref="ResultPoint.Run"/>.</summary>
    public const string Run = "run";

    /// <summary>The point attribute holding <see cref="ResultPoint.Machine"/>.</summary>
    public const string Machine = "machine";

    /// <summary>The point attribute holding <see cref="ResultPoint.Peer"/>.</summary>
    public const string Peer = "peer";

    /// <summary>The point attribute holding <see cref="ResultPoint.Pair"/>.</summary>
    public const string Pair = "pair";

    /// <summary>The bucket labels of a results file's series, in order.</summary>
    public static IReadOnlyList<string> Bucket { get; } = [Environment, Image, Size, Options];

    /// <summary>The CSV <c>label:</c> columns that are attributes of a point, not labels of its series.</summary>
    public static IReadOnlyList<string> PointAttributes { get; } = [Machine, Pair, Peer, Run];
}
