using Netperf.Perf.Discovery;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.SystemTests;

namespace Netperf.Perf.Tests.SystemTests;

/// <summary>Runs HttpClientGetTest against its own Kestrel server on 127.0.0.1 (real sockets, loopback only).</summary>
public sealed class HttpClientGetTestTests
{
    private static Task<PerfRunResult> RunAsync(HttpClientGetTestOptions options) =>
        new PerfRunner(PerfTestDescriptor.For(typeof(HttpClientGetTest)), options).RunAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_StartServer_GetsTheFixedResponse(bool sync)
    {
        var result = await RunAsync(new HttpClientGetTestOptions { StartServer = true, Duration = 1, Warmup = 0, Parallel = 2, Sync = sync, ResponseSize = 2048 });

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.True(result.CompletedOperations > 0);
    }

    [Fact]
    public async Task Run_StartServerWithoutGlobalStages_StartsThisProcesssOwnServer()
    {
        // A child process other than the first (--processes) runs no global setup.
        var options = new HttpClientGetTestOptions { StartServer = true, Duration = 1, Warmup = 0, Parallel = 2 };
        var settings = new PerfRunnerSettings { RunGlobalStages = false };

        var result = await new PerfRunner(PerfTestDescriptor.For(typeof(HttpClientGetTest)), options, settings).RunAsync();
        await using (var owner = new HttpClientGetTest(options))
        {
            // What the first process's global cleanup does: stops the server this run started.
            await owner.GlobalCleanupAsync();
        }

        Assert.True(result.Status == PerfRunStatus.Succeeded, result.Errors.Count > 0 ? result.Errors[0].Details : null);
        Assert.True(result.CompletedOperations > 0);
    }

    [Fact]
    public async Task Run_TwoRunsAtOnce_EachUsesItsOwnServer()
    {
        var runs = new[] { 1, 2 }.Select(_ => RunAsync(new HttpClientGetTestOptions { StartServer = true, Duration = 1, Warmup = 0 })).ToArray();

        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(PerfRunStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task Run_HttpsWithoutInsecure_FailsOnTheSelfSignedCertificate()
    {
        var result = await RunAsync(new HttpClientGetTestOptions { StartServer = true, Https = true, Duration = 1, Warmup = 0 });

        Assert.Equal(PerfRunStatus.Failed, result.Status);
        Assert.Equal(PerfStage.Iteration, result.Errors[0].Stage.Stage);
        Assert.Contains("SSL", result.Errors[0].Details, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_HttpsWithInsecure_Succeeds()
    {
        var result = await RunAsync(new HttpClientGetTestOptions { StartServer = true, Https = true, Insecure = true, Duration = 1, Warmup = 0 });

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.True(result.CompletedOperations > 0);
    }
}
