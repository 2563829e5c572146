using Netperf.Azure.Tests.Support;
using Netperf.Core.Remoting;
using Netperf.Testing.Arm;
using Netperf.Testing.Integration;

namespace Netperf.Azure.Tests.Remoting;

/// <summary>The Run Command shell against the fake's realistic behaviours (on by default), with the wrapper emulated.</summary>
public sealed class AzureRunCommandShellTests
{
    /// <summary>A path that breaks out of naive single quotes and would run a command if it were not quoted as one word.</summary>
    private const string HostileName = "it's $(touch PWNED) `touch PWNED2` \"x\"; touch PWNED3";

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CopyToAndFrom_HostilePathOnLinux_ReachesExactlyThatFileAndRunsNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var sandbox = Directory.CreateTempSubdirectory("np-runcommand-copy-").FullName;
        try
        {
            await using var host = await AzureTestHost.StartAsync();
            var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

            // The fake VM runs what Run Command would run (the wrapper, the copy helpers) with bash, here, in the sandbox.
            host.Fake.GuestHandler = new LocalScriptGuest(host.Pump, sandbox).HandleAsync;
            var folder = Directory.CreateDirectory(Path.Combine(sandbox, HostileName)).FullName;
            var remote = Path.Combine(folder, HostileName + ".bin");
            var local = Path.Combine(sandbox, "local.bin");
            var back = Path.Combine(sandbox, "back.bin");
            var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096);
            await File.WriteAllBytesAsync(local, bytes);

            await pair.Client.Shell.CopyToAsync(local, remote);
            await pair.Client.Shell.CopyFromAsync(remote, back);

            Assert.Equal(bytes, await File.ReadAllBytesAsync(remote));
            Assert.Equal(bytes, await File.ReadAllBytesAsync(back));
            Assert.Empty(Directory.EnumerateFiles(sandbox, "PWNED*", SearchOption.AllDirectories));
            await host.Provider.DeletePairAsync(pair.Id);
        }
        finally
        {
            Directory.Delete(sandbox, recursive: true);
        }
    }

    [Fact]
    public async Task CopyToAsync_WindowsPath_IsOnePowerShellLiteral()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.Images["windows-prerelease"] = new AzureImageOptions
        {
            GalleryImageId = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/ws-next",
        });
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-prerelease"));
        var scripts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        host.Fake.GuestHandler = (command, token) =>
        {
            scripts.Enqueue(command.Script);
            return host.Guests.HandleAsync(command, token);
        };
        var local = Path.Combine(Path.GetTempPath(), $"np-copy-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(local, [1, 2, 3]);
        try
        {
            await pair.Client.Shell.CopyToAsync(local, @"C:\it's $(calc)\f.bin");
            await pair.Client.Shell.CopyFromAsync(@"C:\it's $(calc)\f.bin", local);
            Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(local));
        }
        finally
        {
            File.Delete(local);
        }

        var sent = scripts.ToList();
        Assert.Contains(sent, s => s.Contains("# netperf-builtin: copy-to", StringComparison.Ordinal) && s.Contains(@"$NETPERF_PATH = 'C:\it''s $(calc)\f.bin'", StringComparison.Ordinal));
        Assert.Contains(sent, s => s.Contains("# netperf-builtin: copy-from", StringComparison.Ordinal) && s.Contains(@"$NETPERF_PATH = 'C:\it''s $(calc)\f.bin'", StringComparison.Ordinal));
        Assert.All(sent, s => Assert.DoesNotContain(@"'C:\it's", s, StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(pair.Id);
    }
    [Fact]
    public async Task RunAsync_OutputLongerThanTheFourKilobyteTail_ReturnsAllOfIt()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var lines = Enumerable.Range(0, 800).Select(i => $"line {i:D4} of a long output").ToList();
        host.Guests.Fallback = (_, _) => Task.FromResult(new GuestResult(0, string.Join('\n', lines) + "\n", "warning: noisy\n"));
        Assert.Equal(4096, host.Fake.Behaviours.RunCommandOutputLimit);

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "long-output" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Join('\n', lines) + "\n", result.StandardOutput);
        Assert.Equal("warning: noisy\n", result.StandardError);
        Assert.Equal(0, host.Guests.Wrapper.OpenSpools);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task CopyFromAsync_FileLargerThanTheOutputTail_ArrivesWhole()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var content = new byte[40 * 1024];
        new Random(7).NextBytes(content);
        host.Guests.Wrapper.WriteFile(host.Fake.State.ResourceGroups[0].Name, pair.Client.Name, "/var/log/netperf/result.bin", content);
        var local = Path.Combine(Path.GetTempPath(), $"netperf-copy-{Guid.NewGuid():N}");

        try
        {
            await pair.Client.Shell.CopyFromAsync("/var/log/netperf/result.bin", local);

            Assert.Equal(content, await File.ReadAllBytesAsync(local));
            Assert.Equal(0, host.Guests.Wrapper.OpenSpools);
        }
        finally
        {
            File.Delete(local);
        }

        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_ArmReportsAnotherExitCode_TheScriptsOwnMarkerWins()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        host.Guests.Fallback = (_, _) => Task.FromResult(new GuestResult(0, "done\n"));
        host.Fake.Faults.MisreportRunCommands(new RunCommandReport("Failed", 3, KeepOutput: true, "Execution completed with errors."));

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "true" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.StandardOutput);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_ArmReportsFailedWithExitCode3AndNoOutput_ReportsTheExitCodeAsUnknown()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        host.Guests.Fallback = (_, _) => Task.FromResult(new GuestResult(5, string.Empty, "it broke\n"));
        host.Fake.Faults.MisreportRunCommands(RunCommandReport.FailedWithExitCode3);

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "exit 5" });

        Assert.False(result.Succeeded);
        Assert.NotEqual(3, result.ExitCode);
        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("executionState Failed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("exit marker", result.StandardError, StringComparison.Ordinal);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Theory]
    [InlineData("Canceled")]
    [InlineData("Unknown")]
    public async Task RunAsync_ArmReportsCanceledOrUnknownWithExitCodeZero_IsNotASuccess(string state)
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        host.Fake.Faults.MisreportRunCommands(new RunCommandReport(state, 0));

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "true" });

        Assert.False(result.Succeeded);
        Assert.Contains($"executionState {state}", result.StandardError, StringComparison.Ordinal);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_FirstCommandOnAFreshVm_WaitsOutTheExtensionInstall()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var started = host.Clock.GetTimestamp();

        // A one-minute command: the first Run Command on a VM takes 5 min 41 s before the script even runs.
        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "true", Timeout = TimeSpan.FromMinutes(1) });

        Assert.True(result.Succeeded, result.StandardError);
        Assert.True(host.Clock.GetElapsedTime(started) >= host.Fake.Behaviours.FirstRunCommandLatency);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_ManyCommands_ReuseOneRunCommandAndNeverWaitForADelete()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var started = host.Clock.GetTimestamp();

        for (var i = 0; i < 4; i++)
        {
            Assert.True((await pair.Client.Shell.RunAsync(new RemoteCommand { Text = $"echo {i}" })).Succeeded);
        }

        // First command 5 min 41 s, later ones 40 s each; a delete (3.5 min) after each would add 14 minutes.
        var elapsed = host.Clock.GetElapsedTime(started);
        Assert.True(elapsed < TimeSpan.FromMinutes(10), $"4 commands took {elapsed} of fake time");
        Assert.DoesNotContain(host.Fake.Requests, r => r.Kind == ArmOperationKind.DeleteRunCommand);
        Assert.Equal(AzureRunCommandShellNames.RunCommand, Assert.Single(host.Fake.State.Snapshot(), r => r.Type == ArmTypes.RunCommand).Name);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_TwoCommandsAtOnceOnOneVm_BothRunOneAfterTheOther()
    {
        await using var host = await AzureTestHost.StartAsync();
        Assert.True(host.Fake.Behaviours.RejectConcurrentRunCommands);
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        var results = await Task.WhenAll(
            pair.Client.Shell.RunAsync(new RemoteCommand { Text = "echo a" }),
            pair.Client.Shell.RunAsync(new RemoteCommand { Text = "echo b" }));

        Assert.All(results, r => Assert.True(r.Succeeded, r.StandardError));
        Assert.DoesNotContain(host.Fake.Requests, r => r.Kind == ArmOperationKind.RunCommand && r.Status == 409);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheCommandInPlaceWithoutADelete()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Guests.Fallback = async (_, token) =>
        {
            running.TrySetResult();
            await using var registration = token.Register(() => stopped.TrySetResult());
            await Task.Delay(Timeout.Infinite, token);
            return GuestResult.Ok;
        };
        using var cancellation = new CancellationTokenSource();

        var command = pair.Client.Shell.RunAsync(new RemoteCommand { Text = "sleep infinity" }, cancellation.Token);
        await running.Task;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command);
        await stopped.Task;
        Assert.DoesNotContain(host.Fake.Requests, r => r.Kind == ArmOperationKind.DeleteRunCommand);
        host.Guests.Fallback = (_, _) => Task.FromResult(new GuestResult(0, "next\n"));
        Assert.Equal("next\n", (await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "echo next" })).StandardOutput);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task RunAsync_RunCommandThrottledAsComputeDoes_WaitsOnTheClockAndRuns()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var throttle = host.Fake.Faults.Throttle(ArmThrottle.Compute(ArmOperationKind.RunCommand, times: 1, retryAfter: TimeSpan.FromMinutes(2)));
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = host.Clock.GetTimestamp();

        var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "true" }, hang.Token);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(1, throttle.Throttled);
        Assert.True(host.Clock.GetElapsedTime(started) >= TimeSpan.FromMinutes(2));
        Assert.Contains(host.Logs.Lines, l => l.Contains("throttled, retrying after 120 s", StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(pair.Id);
    }

    private static class AzureRunCommandShellNames
    {
        public const string RunCommand = Netperf.Azure.Remoting.AzureRunCommandShell.RunCommandName;
    }
}
