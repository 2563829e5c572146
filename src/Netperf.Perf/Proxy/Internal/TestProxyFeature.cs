using System.Runtime.CompilerServices;
using Netperf.Perf.Running;

namespace Netperf.Perf.Proxy.Internal;

/// <summary>
/// <c>--test-proxies</c> as a run feature: after post-setup each instance with a proxy handler runs once live,
/// records one call and starts playback; before pre-cleanup playback stops. Each proxy call's status is checked.
/// </summary>
internal sealed class TestProxyFeature : IPerfRunFeature
{
    // The control calls go through the same handler factory as the tests' own requests, so --insecure reaches a
    // proxy with an untrusted development certificate (-x https://localhost:5001). One client per trust setting.
    private static readonly Lazy<HttpClient> Control = new(() => new HttpClient(Http.PerfHttpHandlerFactory.Create(new PerfOptions())));
    private static readonly Lazy<HttpClient> InsecureControl = new(() => new HttpClient(Http.PerfHttpHandlerFactory.Create(new PerfOptions { Insecure = true })));

    public string Name => "test-proxy";

    public IEnumerable<string> Validate(PerfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            TestProxyAddresses.Parse(options.TestProxies);
        }
        catch (ArgumentException ex)
        {
            return [ex.Message];
        }

        return [];
    }

    public PerfRunFeatureSession? Join(PerfRunFeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.IsNullOrWhiteSpace(context.Options.TestProxies)
            ? null
            : new Session(context.Instances, (context.Options.Insecure ? InsecureControl : Control).Value);
    }

    private sealed class Session(IReadOnlyList<PerfTest> instances, HttpClient control) : PerfRunFeatureSession
    {
        private readonly ConditionalWeakTable<PerfTest, TestProxySession> _sessions = [];

        public override async Task AfterStageAsync(RunStage stage, CancellationToken cancellationToken)
        {
            if (stage.Stage != PerfStage.PostSetup)
            {
                return;
            }

            foreach (var instance in instances)
            {
                if (PerfTestProxyExtensions.FindHandler(instance) is not { } handler)
                {
                    continue;
                }

                var session = new TestProxySession(handler, new TestProxyClient(control, handler.Proxy));
                _sessions.AddOrUpdate(instance, session);
                await session.RecordAndStartPlaybackAsync(ct => RunOnceAsync(instance, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        public override async Task BeforeStageAsync(RunStage stage, CancellationToken cancellationToken)
        {
            if (stage.Stage != PerfStage.PreCleanup)
            {
                return;
            }

            foreach (var instance in instances)
            {
                if (_sessions.TryGetValue(instance, out var session))
                {
                    _sessions.Remove(instance);
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
}
