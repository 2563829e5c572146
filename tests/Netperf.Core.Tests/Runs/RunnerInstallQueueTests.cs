using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Tests.Runs;

/// <summary>The order of a run's runner installs: one at a time per pair, a bounded number at once.</summary>
public sealed class RunnerInstallQueueTests
{
    [Fact]
    public async Task RunAsync_SecondInstallOnAPairWhileTheFirstRuns_StartsOnlyAfterTheFirstEnds()
    {
        using var queue = new RunnerInstallQueue(maxParallel: 4);
        var first = Signal();
        var secondStarted = false;

        var one = queue.RunAsync("pair-a", _ => first.Task, CancellationToken.None);
        var two = queue.RunAsync("pair-a", _ => { secondStarted = true; return Task.CompletedTask; }, CancellationToken.None);

        Assert.False(secondStarted, "the second install on the pair began while the first ran");
        first.SetResult();
        await Task.WhenAll(one, two);
        Assert.True(secondStarted);
    }

    [Fact]
    public async Task RunAsync_InstallsOnOtherPairs_RunTogetherUpToTheLimitAndTheNextWaitsForASlot()
    {
        using var queue = new RunnerInstallQueue(maxParallel: 2);
        var held = Signal();
        var started = new List<string>();
        Task Install(string pair) => queue.RunAsync(pair, _ => { lock (started) { started.Add(pair); } return held.Task; }, CancellationToken.None);

        var installs = new[] { Install("pair-a"), Install("pair-b"), Install("pair-c") };

        Assert.Equal(["pair-a", "pair-b"], started);
        held.SetResult();
        await Task.WhenAll(installs);
        Assert.Equal(["pair-a", "pair-b", "pair-c"], started);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaitingForThePair_NeverStartsAndLeavesThePairFree()
    {
        using var queue = new RunnerInstallQueue(maxParallel: 4);
        var first = Signal();
        using var cancel = new CancellationTokenSource();
        var one = queue.RunAsync("pair-a", _ => first.Task, CancellationToken.None);
        var waiting = queue.RunAsync("pair-a", _ => throw new InvalidOperationException("must not start"), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first.SetResult();
        await one;
        await queue.RunAsync("pair-a", _ => Task.CompletedTask, CancellationToken.None);
    }

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
