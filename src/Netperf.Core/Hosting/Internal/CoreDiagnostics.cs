using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netperf.Core.Hosting.Internal;

/// <summary>The one meter and activity source of Netperf.Core, and the instruments on them.</summary>
internal static class CoreDiagnostics
{
    public static readonly ActivitySource ActivitySource = new(NetperfCoreTelemetry.ActivitySourceName);

    public static readonly Meter Meter = new(NetperfCoreTelemetry.MeterName);

    public static readonly Counter<long> PairsCreated =
        Meter.CreateCounter<long>("netperf.pool.pairs.created", "{pair}", "Pairs the pool created and proved ready.");

    public static readonly Counter<long> PairsFailed =
        Meter.CreateCounter<long>("netperf.pool.pairs.failed", "{pair}", "Pairs that failed, tagged with the stage (create, bootstrap, job, lease-expired).");

    public static readonly Counter<long> PairsDeleted =
        Meter.CreateCounter<long>("netperf.pool.pairs.deleted", "{pair}", "Pairs the pool deleted.");

    public static readonly Counter<long> LeasesGranted =
        Meter.CreateCounter<long>("netperf.pool.leases.granted", "{lease}", "Leases handed to jobs.");

    public static readonly Counter<long> LeasesExpired =
        Meter.CreateCounter<long>("netperf.pool.leases.expired", "{lease}", "Leases whose holder stopped renewing them.");

    public static readonly Counter<long> JobsReassigned =
        Meter.CreateCounter<long>("netperf.pool.jobs.reassigned", "{job}", "Jobs moved from a failed pair to another pair.");

    public static readonly Histogram<double> ProvisionDuration =
        Meter.CreateHistogram<double>("netperf.pool.pair.provision.duration", "s", "Time from requesting a pair to it being proven ready.");

    public static readonly Histogram<double> AcquireWait =
        Meter.CreateHistogram<double>("netperf.pool.acquire.wait", "s", "Time a job waited for a lease.");

    public static readonly Counter<long> JanitorDeleted =
        Meter.CreateCounter<long>("netperf.janitor.pairs.deleted", "{pair}", "Pairs the janitor deleted, tagged with the reason.");

    public static readonly Counter<long> JanitorKept =
        Meter.CreateCounter<long>("netperf.janitor.pairs.kept", "{pair}", "Pairs the janitor looked at and kept, tagged with the reason.");
}
