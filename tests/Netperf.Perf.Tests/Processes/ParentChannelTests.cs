using System.IO.Pipes;
using Netperf.Perf.Processes.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Perf.Tests.Processes;

public sealed class ParentChannelTests
{
    [Fact]
    public async Task WaitForGoAsync_GoThenDone_WritesProtocolLines()
    {
        var output = new StringWriter();
        var input = new QueueReader();
        using var channel = new ParentChannel(input, output, TimeProvider.System, TimeSpan.FromHours(1), _ => { });
        channel.Start();
        input.Add("go setup");
        input.Add("go warmup");

        await channel.WaitForGoAsync("setup", isCleanup: false);
        channel.SendDone("setup");
        await channel.WaitForGoAsync("warmup", isCleanup: false);

        Assert.Equal(ChildProtocol.Done("setup") + Environment.NewLine, output.ToString());
        input.End();
    }

    [Fact]
    public async Task WaitForGoAsync_AfterAbort_CleanupRunsAndOtherStagesThrow()
    {
        using var channel = new ParentChannel(new StringReader(ChildProtocol.Abort("child 0 failed") + "\n"), TextWriter.Null, TimeProvider.System, TimeSpan.FromHours(1), _ => { });
        channel.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.WaitForGoAsync("warmup", isCleanup: false));
        await channel.WaitForGoAsync("cleanup", isCleanup: true);
        Assert.Equal("child 0 failed", channel.AbortReason);
    }

    [Fact]
    public async Task ReadLoop_ParentPipeCloses_AbortsThenExitsAfterGrace()
    {
        var clock = new FakeTimeProvider();
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var exited = new TaskCompletionSource<int>();
        using var channel = new ParentChannel(new StreamReader(client), TextWriter.Null, clock, TimeSpan.FromSeconds(5), code => exited.TrySetResult(code));
        channel.Start();

        server.Dispose(); // the parent died
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.WaitForGoAsync("iteration-1", isCleanup: false));
        Assert.True(channel.Aborted.IsCancellationRequested);
        Assert.False(exited.Task.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(3, await exited.Task);
    }
}
