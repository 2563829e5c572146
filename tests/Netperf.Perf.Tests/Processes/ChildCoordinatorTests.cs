using Netperf.Perf.Processes;
using Netperf.Perf.Processes.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Perf.Tests.Processes;

public sealed class ChildCoordinatorTests
{
    [Fact]
    public async Task RunStageAsync_WaitsForEveryChild_BeforeTheNextStage()
    {
        var children = new[] { new FakeChildConnection(0), new FakeChildConnection(1) };
        await using var coordinator = Create(children, TimeProvider.System);

        var setup = coordinator.RunStageAsync("setup", TimeSpan.FromMinutes(1), default);
        Assert.Equal("go setup", await children[0].Received.Reader.ReadAsync());
        Assert.Equal("go setup", await children[1].Received.Reader.ReadAsync());
        children[0].Write(ChildProtocol.Done("setup"));
        children[1].Write(ChildProtocol.Done("warmup")); // a done for another stage does not count
        await Task.Yield();
        Assert.False(setup.IsCompleted);

        children[1].Write(ChildProtocol.Done("setup"));
        await setup;

        var warmup = coordinator.RunStageAsync("warmup", TimeSpan.FromMinutes(1), default);
        Assert.Equal("go warmup", await children[0].Received.Reader.ReadAsync());
        Assert.Equal("go warmup", await children[1].Received.Reader.ReadAsync());
        Assert.False(warmup.IsCompleted);
        children[0].Write(ChildProtocol.Done("warmup"));
        children[1].Write(ChildProtocol.Done("warmup"));
        await warmup;
    }

    [Fact]
    public async Task RunStageAsync_ChildKilled_FailsNamingTheChildAndSignal()
    {
        var children = new[] { new FakeChildConnection(0), new FakeChildConnection(1) };
        await using var coordinator = Create(children, TimeProvider.System);

        var run = coordinator.RunStageAsync("iteration-1", TimeSpan.FromMinutes(1), default);
        children[0].Write(ChildProtocol.Done("iteration-1"));
        children[1].Exit(137);

        var ex = await Assert.ThrowsAsync<ChildProcessFailedException>(() => run);
        Assert.Equal(1, ex.ChildIndex);
        Assert.Contains("child 1", ex.Message);
        Assert.Contains("SIGKILL", ex.Message);
        Assert.Contains("iteration-1", ex.Message);
    }

    [Fact]
    public async Task RunStageAsync_ChildReportsError_FailsWithItsMessage()
    {
        var children = new[] { new FakeChildConnection(0) };
        await using var coordinator = Create(children, TimeProvider.System);

        var run = coordinator.RunStageAsync("setup", TimeSpan.FromMinutes(1), default);
        children[0].Write(ChildProtocol.Error("setup", "connection refused\nat line 2"));

        var ex = await Assert.ThrowsAsync<ChildProcessFailedException>(() => run);
        Assert.Contains("connection refused", ex.Reason);
    }

    [Fact]
    public async Task RunStageAsync_ChildHangsPastDeadline_FailsAsHung()
    {
        var clock = new FakeTimeProvider();
        var children = new[] { new FakeChildConnection(0), new FakeChildConnection(1) };
        await using var coordinator = Create(children, clock);

        var run = coordinator.RunStageAsync("setup", TimeSpan.FromSeconds(30), default);
        children[1].Write(ChildProtocol.Done("setup"));
        await children[0].Received.Reader.ReadAsync();
        clock.Advance(TimeSpan.FromSeconds(31));

        var ex = await Assert.ThrowsAsync<ChildProcessFailedException>(() => run);
        Assert.Equal(0, ex.ChildIndex);
        Assert.Contains("hung", ex.Reason);
    }

    [Fact]
    public async Task AbortAsync_TellsChildrenAndKillsThoseThatDoNotExit()
    {
        var clock = new FakeTimeProvider();
        var children = new[] { new FakeChildConnection(0), new FakeChildConnection(1) };
        await using var coordinator = Create(children, clock);

        var abort = coordinator.AbortAsync("child 1 failed", TimeSpan.FromSeconds(10));
        Assert.StartsWith("abort ", await children[0].Received.Reader.ReadAsync());
        Assert.StartsWith("abort ", await children[1].Received.Reader.ReadAsync());
        children[0].Exit(0);
        while (!abort.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await abort;
        Assert.False(children[0].Killed);
        Assert.True(children[1].Killed);
    }

    [Fact]
    public async Task Start_RoutesSamplesResultsAndOutput()
    {
        var children = new[] { new FakeChildConnection(0) };
        var output = new List<string>();
        var samples = new List<string>();
        var coordinator = new ChildCoordinator(children, TimeProvider.System, (_, line) => { lock (output) { output.Add(line); } }, (_, _, json) => { lock (samples) { samples.Add(json); } });
        coordinator.Start();
        await using (coordinator)
        {
            var stage = coordinator.RunStageAsync("report", TimeSpan.FromMinutes(1), default);
            children[0].Write("hello from the test");
            children[0].Write(ChildProtocol.Sample("Iteration-1", "{\"completed\":1234}"));
            children[0].Write(ChildProtocol.Done("report", "{\"ops\":1}"));
            var payloads = await stage;

            Assert.Equal("{\"ops\":1}", payloads[0]);
            Assert.Equal(["hello from the test"], output);
            Assert.Equal(["{\"completed\":1234}"], samples);
        }
    }

    private static ChildCoordinator Create(FakeChildConnection[] children, TimeProvider clock)
    {
        var coordinator = new ChildCoordinator(children, clock, (_, _) => { }, (_, _, _) => { });
        coordinator.Start();
        return coordinator;
    }
}
