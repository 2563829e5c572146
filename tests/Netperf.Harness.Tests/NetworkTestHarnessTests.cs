using Netperf.Harness.Suites;
using Netperf.Harness.Tests.Fakes;

namespace Netperf.Harness.Tests;

/// <summary>
/// The harness's job on a loopback pair (real processes: the server through the peer's shell, the test
/// through the client's shell): cancelled mid-suite, the pair is still released. The whole suite on real
/// pairs is in Netperf.Samples.Tests' QuickstartHostTests and QuickstartLabTests.
/// </summary>
public sealed class NetworkTestHarnessTests : IDisposable
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
        var harness = new NetworkTestHarness(provider, new ShellProofBootstrapper(), Options(), output, TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.RunAsync(NetworkSuite.Select(["tcp-up", "tcp-down"]), cancel.Token));

        Assert.Single(provider.Created);
        Assert.Equal(provider.Created, provider.Deleted);
        Assert.Contains("released", output.ToString());
    }

    [Fact]
    public async Task RunAsync_LoopbackPairWithAPlainTestApp_TestAgreesWithItsServerFilesWrittenPairReleased()
    {
        var provider = new LoopbackPairProvider();
        var output = new StringWriter();
        var options = Options();
        options.RunName = "harness-test";
        var harness = new NetworkTestHarness(provider, new ShellProofBootstrapper(), options, output, TimeProvider.System);

        var report = await harness.RunAsync(NetworkSuite.Select(["tcp-up"]));

        Assert.NotNull(report);
        Assert.True(report.Succeeded, output.ToString());
        var result = Assert.Single(report.Results);
        Assert.Equal("bytes", result.CountUnit);
        Assert.Equal(result.ClientCount, result.ServerCount);
        Assert.True(result.ClientCount > 0, output.ToString());
        Assert.All(harness.WrittenFiles, f => Assert.StartsWith(Path.Combine(_results, "harness-test-"), f, StringComparison.Ordinal));
        Assert.Equal(2, harness.WrittenFiles.Count);
        Assert.Equal(provider.Created, provider.Deleted);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        var options = Options();
        options.Duration = 0;

        var e = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new NetworkTestHarness(new LoopbackPairProvider(), new ShellProofBootstrapper(), options, TextWriter.Null, TimeProvider.System));

        Assert.Contains("Duration", e.Message, StringComparison.Ordinal);
    }

    private NetworkTestHarnessOptions Options() => new()
    {
        Duration = 1,
        Warmup = 0,
        ResultsDirectory = _results,
        TestAssemblyPath = TestApp.Path,
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
