using System.Text.Json;
using Netperf.Perf.Hosting;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.Hosting;

public sealed class PerfProgramTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("npp-program-").FullName;

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private PerfProgramContext Context(TimeProvider? clock = null) =>
        new(_out, _error, [typeof(PerfProgramTests).Assembly, typeof(Netperf.Perf.BenchmarkDotNet.MicroBenchmarkMode).Assembly]) { TimeProvider = clock ?? TimeProvider.System };

    [Fact]
    public async Task RunAsync_NoArguments_ListsTestsWithDescriptionsAndModes()
    {
        var exit = await PerfProgram.RunAsync([], Context());

        Assert.Equal(0, exit);
        var text = _out.ToString();
        Assert.Contains("NoOpTest", text, StringComparison.Ordinal);
        Assert.Contains("Does nothing", text, StringComparison.Ordinal);
        Assert.Contains("RecordingTest", text, StringComparison.Ordinal);
        Assert.Contains("micro", text, StringComparison.Ordinal);
        Assert.Contains("echo-mode", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecretOption_ResultsFileHoldsNoSecretInOptionsOrArguments()
    {
        var secret = new Netperf.Testing.Secrets.PlantedSecret();
        var results = Path.Combine(_folder, "r.json");
        var context = new PerfProgramContext(_out, _error, [typeof(Netperf.Samples.PerfTests.Signing.HmacSignTest).Assembly]);

        var exit = await PerfProgram.RunAsync(["HmacSign", "--key", secret.Value, "-d", "1", "-w", "0", "--processes", "1", "--results-file", results], context);

        Assert.Equal(0, exit);
        secret.AssertNotInFile(results);
        secret.AssertNotIn("the output", _out.ToString() + _error.ToString());
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(results));
        var arguments = document.RootElement.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["--key", "***", "-d", "1", "-w", "0", "--processes", "1", "--results-file", results], arguments);
        Assert.Equal("***", document.RootElement.GetProperty("options").GetProperty("key").GetString());
    }

    [Fact]
    public async Task RunAsync_UnknownTest_Exits2WithClosestMatches()
    {
        var exit = await PerfProgram.RunAsync(["NoOpTst"], Context());

        Assert.Equal(PerfExitCodes.UsageError, exit);
        Assert.Contains("Unknown test 'NoOpTst'. Did you mean: NoOpTest?", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSuchTest_Exits2()
    {
        Assert.Equal(PerfExitCodes.UsageError, await PerfProgram.RunAsync(["NoSuchTest"], Context()));
    }

    [Theory]
    [InlineData("--duration", "0")]
    [InlineData("--parallel", "many")]
    [InlineData("--no-such-option")]
    public async Task RunAsync_BadOption_Exits2WithTheReason(params string[] options)
    {
        var exit = await PerfProgram.RunAsync(["noop", .. options], Context());

        Assert.Equal(PerfExitCodes.UsageError, exit);
        Assert.Contains(options[0], _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("NoOpTest --help", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TestHelp_Exits0AndListsOptions()
    {
        var exit = await PerfProgram.RunAsync(["sleep", "--help"], Context());

        Assert.Equal(0, exit);
        Assert.Contains("--delay-ms", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExceptionTest_Exits1AfterCleanupAndPrintsStageAndException()
    {
        var exit = await PerfProgram.RunAsync(["ExceptionTest", "--duration", "1", "--warmup", "0"], Context());

        Assert.Equal(PerfExitCodes.TestFailed, exit);
        var error = _error.ToString();
        Assert.Contains("Iteration 1 failed: System.InvalidOperationException: ExceptionTest threw in Run on purpose", error, StringComparison.Ordinal);
        Assert.Contains("[Cleanup] done", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("[GlobalCleanup] done", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoOpWithResultsFile_WritesTheJsonContract()
    {
        var path = Path.Combine(_folder, "sub", "r.json");

        var exit = await PerfProgram.RunAsync(["NoOp", "--duration", "1", "--warmup", "0", "--parallel", "2", "--processes", "1", "--results-file", path], Context());

        Assert.Equal(0, exit);
        Assert.Contains("=== Results: Iteration 1 ===", _out.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("NoOpTest", root.GetProperty("test").GetString());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("options").GetProperty("parallel").GetInt32());
        Assert.True(root.GetProperty("opsPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("completedOperations").GetInt64() > 0);
        Assert.True(root.GetProperty("secondsPerOperation").GetDouble() > 0);
        var iteration = root.GetProperty("iterations")[0];
        Assert.Equal(2, iteration.GetProperty("instances").GetArrayLength());
        Assert.Equal("iteration", iteration.GetProperty("stage").GetProperty("stage").GetString());
        Assert.True(root.GetProperty("environment").GetProperty("processorCount").GetInt32() > 0);
        Assert.StartsWith(".NET", root.GetProperty("environment").GetProperty("runtime").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModeFromTestAssembly_IsDispatchedWithItsArguments()
    {
        var exit = await PerfProgram.RunAsync(["ECHO-MODE", "a", "b"], Context());

        Assert.Equal(42, exit);
        Assert.Contains("echo:a,b", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Exits130AfterCleanup()
    {
        var scenario = Scenario.Create();
        using var cancellation = new CancellationTokenSource();
        var run = PerfProgram.RunAsync(["CountingEventTest", "--key", scenario.Key, "-d", "3600", "-w", "0"], Context(scenario.Clock), cancellation.Token);
        scenario.WaitForTimers(2);

        await cancellation.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PerfExitCodes.Cancelled, exit);
        Assert.Contains("Cleanup:0", scenario.Log);
        Assert.Contains("Iteration 1 cancelled", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--netperf-child", "0,2,0,1", "NoOp" }, true)]
    [InlineData(new[] { "perf", "NoOp" }, false)]
    [InlineData(new[] { "NoOp", "--netperf-child" }, false)]
    [InlineData(new string[0], false)]
    public void OwnsInvocation_ChildArgumentFirst_BelongsToPerfProgramOthersDoNot(string[] args, bool owned)
    {
        Assert.Equal(owned, PerfProgram.OwnsInvocation(args));
    }
}
