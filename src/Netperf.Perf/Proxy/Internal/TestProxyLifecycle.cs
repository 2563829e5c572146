using System.Runtime.CompilerServices;

namespace Netperf.Perf.Proxy.Internal;

/// <summary>
/// The runner's test-proxy steps: after post-setup each instance with a proxy handler runs once live,
/// records one call and starts playback; before pre-cleanup playback stops. Each proxy call's status is checked.
/// </summary>
internal static class TestProxyLifecycle
{
    private static readonly HttpClient Control = new();
    private static readonly ConditionalWeakTable<PerfTest, TestProxySession> Sessions = [];

    public static async Task StartAsync(IReadOnlyList<PerfTest> instances, CancellationToken cancellationToken)
    {
        foreach (var instance in instances)
        {
            if (PerfTestProxyExtensions.FindHandler(instance) is not { } handler)
            {
                continue;
            }

            var session = new TestProxySession(handler, new TestProxyClient(Control, handler.Proxy));
            Sessions.AddOrUpdate(instance, session);
            await session.RecordAndStartPlaybackAsync(ct => RunOnceAsync(instance, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task StopAsync(IReadOnlyList<PerfTest> instances, CancellationToken cancellationToken)
    {
        foreach (var instance in instances)
        {
            if (Sessions.TryGetValue(instance, out var session))
            {
                Sessions.Remove(instance);
                await session.StopPlaybackAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunOnceAsync(PerfTest test, CancellationToken cancellationToken)
    {
        // Not the hot path: one call per instance at setup, so reflection over the generic base is fine.
        var type = test.GetType();
        if (type.GetMethod("RunAsync", [typeof(CancellationToken)])?.Invoke(test, [cancellationToken]) is ValueTask run)
        {
            await run.ConfigureAwait(false);
        }
        else if (type.GetMethod("RunBatchAsync", [typeof(CancellationToken)])?.Invoke(test, [cancellationToken]) is ValueTask<int> batch)
        {
            await batch.ConfigureAwait(false);
        }
        else
        {
            throw new InvalidOperationException($"--test-proxies needs a stress or batch test; {type.Name} has neither RunAsync nor RunBatchAsync.");
        }
    }
}
