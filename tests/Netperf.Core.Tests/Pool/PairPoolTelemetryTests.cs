using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Netperf.Core.Hosting;
using Netperf.Core.Pool;
using Netperf.Testing.Pairs;
using static Netperf.Core.Tests.Pool.PoolFixture;

namespace Netperf.Core.Tests.Pool;

public sealed class PairPoolTelemetryTests
{
    [Fact]
    public async Task RunAsync_PairFailsUnderJob_RecordsCountersAndActivitiesForThisPool()
    {
        var measurements = new ConcurrentQueue<(string Name, long Value, string? Stage)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NetperfCoreTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? stage = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "stage")
                {
                    stage = tag.Value as string;
                }
            }

            measurements.Enqueue((instrument.Name, value, stage));
        });
        listener.Start();
        var activities = new ConcurrentQueue<string>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == NetperfCoreTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => activities.Enqueue(a.OperationName),
        };
        ActivitySource.AddActivityListener(activityListener);

        var provider = new InMemoryVmPairProvider();
        await using (var pool = NewPool(new FakePairBootstrapper(), providers: provider))
        {
            var first = true;
            await pool.RunAsync([Job("telemetry-job", UbuntuServer())], (_, _) =>
            {
                if (first)
                {
                    first = false;
                    throw new PairFaultException("broken");
                }

                return Task.CompletedTask;
            });
        }

        // Other tests run in parallel on the same static meter, so look for at least this pool's share.
        Assert.True(measurements.Count(m => m.Name == "netperf.pool.pairs.created") >= 2);
        Assert.Contains(measurements, m => m.Name == "netperf.pool.pairs.failed" && m.Stage == "job");
        Assert.Contains(measurements, m => m.Name == "netperf.pool.jobs.reassigned");
        Assert.True(measurements.Count(m => m.Name == "netperf.pool.pairs.deleted") >= 2);
        Assert.Contains("netperf.pool.provision", activities);
        Assert.Contains("netperf.pool.acquire", activities);
    }
}
