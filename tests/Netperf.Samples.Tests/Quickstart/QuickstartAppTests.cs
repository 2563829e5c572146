using System.Text.Json;
using Netperf.Quickstart;

namespace Netperf.Samples.Tests.Quickstart;

/// <summary>
/// The Quickstart's job on a loopback pair (real processes: the server through the peer's shell, the test
/// through the client's shell): every entry runs, servers are stopped, counts agree, files are written,
/// and the pair is released, also when cancelled.
/// </summary>
public sealed class QuickstartAppTests : IDisposable
{
    private readonly string _results = Path.Combine(Path.GetTempPath(), "npnq-results-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_results))
        {
            Directory.Delete(_results, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_WholeSuite_AllAgreeWithServersAndPairReleased()
    {
        var provider = new LoopbackPairProvider();
        var output = new StringWriter();
        var app = new QuickstartApp(provider, new ShellProofBootstrapper(), Options("tcp-up,tcp-down,tcp-rr,tcp-connect,http-get,udp"), output, TimeProvider.System);

        var code = await app.RunAsync(CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        Assert.Equal(provider.Created, provider.Deleted);
        var report = app.Report!;
        Assert.Equal(6, report.Results.Count);
        foreach (var result in report.Results)
        {
            Assert.True(result.Status == "succeeded", $"{result.Key}: {result.Error}");
            Assert.True(result.ServerStopped, $"{result.Key}: server not stopped");
            Assert.True(result.OpsPerSecond > 0, result.Key);
            Assert.True(result.RelativeDifference <= 0.01, $"{result.Key}: client {result.ClientCount} vs server {result.ServerCount}");
        }

        Assert.Contains("READY", output.ToString());
        Assert.Contains("client vs server", output.ToString());
        Assert.Equal(2, app.WrittenFiles.Count);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(app.WrittenFiles[0]));
        Assert.Equal(6, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.Contains("| tcp-up | TcpThroughput |", await File.ReadAllTextAsync(app.WrittenFiles[1]));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringSuite_PairStillReleased()
    {
        var provider = new LoopbackPairProvider();
        using var cancel = new CancellationTokenSource();
        var output = new SignalWriter("[tcp-up] TcpThroughput on", cancel);
        var app = new QuickstartApp(provider, new ShellProofBootstrapper(), Options("tcp-up,tcp-down"), output, TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.RunAsync(cancel.Token));

        Assert.Single(provider.Created);
        Assert.Equal(provider.Created, provider.Deleted);
        Assert.Contains("released", output.ToString());
    }

    private QuickstartOptions Options(string tests) => new()
    {
        Tests = tests,
        Duration = 1,
        Warmup = 0,
        ResultsDirectory = _results,
        TestAssemblyPath = QuickstartBinary.Path,
    };

    /// <summary>Cancels when a line containing a marker is written (a signal, not a timer).</summary>
    private sealed class SignalWriter(string marker, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(marker, StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
