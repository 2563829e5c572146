using System.Runtime.CompilerServices;
using Netperf.Perf.Proxy.Internal;

namespace Netperf.Perf.Proxy;

/// <summary>Wires a perf test's HTTP client to the test proxies of <c>-x|--test-proxies</c>.</summary>
public static class PerfTestProxyExtensions
{
    private static readonly ConditionalWeakTable<PerfTest, TestProxyHandler> Handlers = [];

    /// <summary>
    /// Returns the handler for this instance's HTTP client: a <see cref="TestProxyHandler"/> routing to proxy
    /// <c>ParallelIndex % count</c> when <c>--test-proxies</c> is set (the runner then records one call after
    /// <c>PostSetupAsync</c> and plays back until <c>PreCleanupAsync</c>), otherwise <paramref name="innerHandler"/>
    /// (or a new handler from <see cref="Http.PerfHttpHandlerFactory"/>, which honours <c>--insecure</c>). Call it in <c>SetupAsync</c> or later:
    /// <c>_client = new HttpClient(this.CreateTestProxyHandler());</c>
    /// </summary>
    /// <param name="test">The perf test instance.</param>
    /// <param name="innerHandler">The handler that sends requests; default <see cref="Http.PerfHttpHandlerFactory.Create"/> for the test's options.</param>
    public static HttpMessageHandler CreateTestProxyHandler(this PerfTest test, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        var inner = innerHandler ?? Http.PerfHttpHandlerFactory.Create(test.BaseOptions);
        var proxies = TestProxyAddresses.Parse(test.BaseOptions.TestProxies);
        if (proxies.Count == 0)
        {
            return inner;
        }

        var handler = new TestProxyHandler(TestProxyAddresses.ForInstance(proxies, test.ParallelIndex), inner);
        Handlers.AddOrUpdate(test, handler);
        return handler;
    }

    internal static TestProxyHandler? FindHandler(PerfTest test) => Handlers.TryGetValue(test, out var handler) ? handler : null;
}
