using System.Threading.Channels;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The child's side of a multi-process run: waits for the parent's <c>go STAGE</c> before each stage,
/// reports each stage done, streams samples and the final result. When the parent sends <c>abort</c>
/// or its pipe ends (the parent died), <see cref="Aborted"/> is cancelled: the child skips to its
/// cleanup stages, which no longer wait for the parent, and exits. When the pipe ended, the child
/// exits by itself after the orphan grace period even if cleanup has not finished.
/// </summary>
internal sealed class ParentChannel : IDisposable
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _orphanGrace;
    private readonly Action<int> _exit;
    private readonly Channel<string> _commands = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _aborted = new();
    private readonly object _writeGate = new();
    private ITimer? _orphanTimer;

    public ParentChannel(TextReader input, TextWriter output, TimeProvider timeProvider, TimeSpan orphanGrace, Action<int> exit)
    {
        _input = input;
        _output = output;
        _timeProvider = timeProvider;
        _orphanGrace = orphanGrace;
        _exit = exit;
    }

    /// <summary>Cancelled when the parent aborts the run or goes away.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>Why the run was aborted, once it was.</summary>
    public string? AbortReason { get; private set; }

    public void Start()
    {
        var thread = new Thread(ReadLoop) { IsBackground = true, Name = "netperf-parent-channel" };
        thread.Start();
    }

    /// <summary>
    /// Waits for the parent's <c>go</c> for <paramref name="stage"/>. After an abort, a cleanup stage
    /// returns at once (the child cleans up on its own) and any other stage throws.
    /// </summary>
    public async Task WaitForGoAsync(string stage, bool isCleanup, CancellationToken cancellationToken = default)
    {
        if (_aborted.IsCancellationRequested)
        {
            if (isCleanup)
            {
                return;
            }

            throw new OperationCanceledException($"The parent aborted the run: {AbortReason}", _aborted.Token);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token, cancellationToken);
        try
        {
            var command = await _commands.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            if (command != ChildProtocol.Go(stage))
            {
                throw new InvalidOperationException($"The parent sent '{command}' while this child waited for stage '{stage}'; parent and child must be the same Netperf build.");
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested && isCleanup)
        {
        }
    }

    public void SendDone(string stage, string? json = null) => Write(ChildProtocol.Done(stage, json));

    public void SendSample(string stage, string json) => Write(ChildProtocol.Sample(stage, json));

    public void SendError(string stage, string message) => Write(ChildProtocol.Error(stage, message));

    public void Dispose()
    {
        _orphanTimer?.Dispose();
        _aborted.Dispose();
    }

    private void Write(string line)
    {
        lock (_writeGate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    private void ReadLoop()
    {
        try
        {
            while (_input.ReadLine() is { } line)
            {
                if (line.StartsWith("abort ", StringComparison.Ordinal))
                {
                    AbortReason = ChildProtocol.Decode(line["abort ".Length..]);
                    _aborted.Cancel();
                    continue;
                }

                _commands.Writer.TryWrite(line);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        // The parent is gone: nobody will read our results. Clean up quickly, then leave for sure.
        AbortReason ??= "the parent process went away";
        _orphanTimer = _timeProvider.CreateTimer(_ => _exit(3), null, _orphanGrace, Timeout.InfiniteTimeSpan);
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
