using Netperf.Quickstart;

namespace Netperf.Samples.Tests.Quickstart;

/// <summary>
/// The Quickstart's job on a loopback pair (real processes: the server through the peer's shell, the test
/// through the client's shell): cancelled mid-suite, the pair is still released. The whole suite on real
/// pairs is in <see cref="QuickstartHostTests"/>.
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
