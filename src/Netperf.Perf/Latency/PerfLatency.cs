namespace Netperf.Perf.Latency;

/// <summary>
/// The latency of one warm-up or iteration over all instances and processes: percentiles for people
/// and the histograms themselves (base64 of <see cref="LatencyHistogram.Encode"/>) so results can be
/// merged after the fact.
/// </summary>
public sealed record PerfLatency
{
    /// <summary>Service time: from each operation's real start to its completion.</summary>
    public required LatencyPercentiles ServiceTime { get; init; }

    /// <summary>The service-time histogram, base64-encoded.</summary>
    public required string ServiceTimeHistogram { get; init; }

    /// <summary>With <c>--rate</c>: latency from each operation's intended start (corrected for coordinated omission).</summary>
    public LatencyPercentiles? Corrected { get; init; }

    /// <summary>The corrected-latency histogram, base64-encoded (with <c>--rate</c>).</summary>
    public string? CorrectedHistogram { get; init; }

    /// <summary>Builds the record from histograms.</summary>
    /// <param name="serviceTime">The service-time histogram.</param>
    /// <param name="corrected">The corrected histogram, or null when the run was not paced.</param>
    public static PerfLatency From(LatencyHistogram serviceTime, LatencyHistogram? corrected)
    {
        ArgumentNullException.ThrowIfNull(serviceTime);
        return new PerfLatency
        {
            ServiceTime = serviceTime.GetPercentiles(),
            ServiceTimeHistogram = serviceTime.EncodeToBase64(),
            Corrected = corrected?.GetPercentiles(),
            CorrectedHistogram = corrected?.EncodeToBase64(),
        };
    }

    /// <summary>Merges the latency of several processes (the union of their histograms); null when none has any.</summary>
    /// <param name="parts">The parts; null entries are skipped.</param>
    public static PerfLatency? Merge(IEnumerable<PerfLatency?> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        LatencyHistogram? service = null;
        LatencyHistogram? corrected = null;
        foreach (var part in parts)
        {
            if (part is null)
            {
                continue;
            }

            (service ??= new LatencyHistogram()).Add(LatencyHistogram.DecodeFromBase64(part.ServiceTimeHistogram));
            if (part.CorrectedHistogram is { } c)
            {
                (corrected ??= new LatencyHistogram()).Add(LatencyHistogram.DecodeFromBase64(c));
            }
        }

        return service is null ? null : From(service, corrected);
    }
}
