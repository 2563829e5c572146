using System.Threading.Channels;
using Netperf.Perf.Processes.Internal;

namespace Netperf.Perf.Tests.Processes;

/// <summary>An in-memory child: the test plays the child's side through <see cref="Received"/> and <see cref="Write"/>.</summary>
internal sealed class FakeChildConnection(int index) : IChildConnection
{
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Index { get; } = index;

    public string Name => $"child {Index} (pid fake)";

    public Channel<string> Received { get; } = Channel.CreateUnbounded<string>();

    public bool HasExited => _exit.Task.IsCompleted;

    public bool Killed { get; private set; }

    public void Write(string line) => _stdout.Writer.TryWrite(line);

    public void Exit(int code)
    {
        _stdout.Writer.TryComplete();
        _exit.TrySetResult(code);
    }

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _stdout.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public Task<bool> SendAsync(string line, CancellationToken cancellationToken)
    {
        if (HasExited)
        {
            return Task.FromResult(false);
        }

        Received.Writer.TryWrite(line);
        return Task.FromResult(true);
    }

    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _exit.Task.WaitAsync(cancellationToken);

    public void Kill()
    {
        Killed = true;
        Exit(137);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
