using Netperf.Perf.Proxy;
using Netperf.Perf.Proxy.Internal;

namespace Netperf.Perf.Tests.Proxy;

public sealed class TestProxyHandlerTests
{
    [Fact]
    public async Task SendAsync_Playback_RewritesToProxyWithRecordingHeaders()
    {
        var inner = new CapturingHandler();
        using var handler = new TestProxyHandler(new Uri("http://127.0.0.1:5001"), inner);
        using var client = new HttpClient(handler);
        handler.SetMode(TestProxyMode.Playback, "abc");

        await client.GetAsync(new Uri("https://127.0.0.2:8443/container/blob?comp=list"));

        var sent = Assert.Single(inner.Requests);
        Assert.Equal(new Uri("http://127.0.0.1:5001/container/blob?comp=list"), sent.RequestUri);
        Assert.Equal("abc", sent.Headers.GetValues("x-recording-id").Single());
        Assert.Equal("playback", sent.Headers.GetValues("x-recording-mode").Single());
        Assert.Equal("https://127.0.0.2:8443", sent.Headers.GetValues("x-recording-upstream-base-uri").Single());
    }

    [Fact]
    public async Task SendAsync_Live_PassesThroughUnchanged()
    {
        var inner = new CapturingHandler();
        using var handler = new TestProxyHandler(new Uri("http://127.0.0.1:5001"), inner);
        using var client = new HttpClient(handler);

        await client.GetAsync(new Uri("http://127.0.0.2:8080/x"));

        var sent = Assert.Single(inner.Requests);
        Assert.Equal(new Uri("http://127.0.0.2:8080/x"), sent.RequestUri);
        Assert.False(sent.Headers.Contains("x-recording-id"));
    }

    [Fact]
    public void ForInstance_RoutesIndexModuloCount()
    {
        var proxies = TestProxyAddresses.Parse("http://127.0.0.1:5000; http://127.0.0.1:5001");

        Assert.Equal([5000, 5001, 5000, 5001, 5000], Enumerable.Range(0, 5).Select(i => TestProxyAddresses.ForInstance(proxies, i).Port));
        Assert.Throws<ArgumentException>(() => TestProxyAddresses.Parse("ftp://x"));
        Assert.Empty(TestProxyAddresses.Parse(null));
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
