using Netperf.Perf.Proxy;

namespace Netperf.Perf.Tests.Proxy;

/// <summary>A stress test that GETs a URL through the one-line test-proxy handler.</summary>
public sealed class ProxiedGetTest(ProxiedGetTestOptions options) : PerfStressTest<ProxiedGetTestOptions>(options)
{
    private HttpClient? _client;

    public override Task SetupAsync(CancellationToken cancellationToken = default)
    {
        _client = new HttpClient(this.CreateTestProxyHandler());
        return Task.CompletedTask;
    }

    public override void Run(CancellationToken cancellationToken) => throw new NotSupportedException();

    public override async ValueTask RunAsync(CancellationToken cancellationToken) =>
        Assert.Equal("item 7", await _client!.GetStringAsync(new Uri(Options.Url!), cancellationToken));

    protected override async ValueTask DisposeAsyncCore()
    {
        _client?.Dispose();
        await base.DisposeAsyncCore();
    }
}

public sealed class ProxiedGetTestOptions : PerfOptions
{
    [PerfOption("--url")]
    public string? Url { get; set; }
}
