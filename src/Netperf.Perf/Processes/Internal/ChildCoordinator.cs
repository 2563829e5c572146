using System.Threading.Channels;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The parent's side of a multi-process run: moves every child through the same stages with a
/// barrier per stage, gathers their samples and results, and turns a crash, a hang past the stage
/// deadline or a reported error into a <see cref="ChildProcessFailedException"/> naming the child.
/// </summary>
internal sealed class ChildCoordinator : IAsyncDisposable
{
    private readonly IReadOnlyList<IChildConnection> _children;
    private readonly TimeProvider _timeProvider;
    private readonly Action<int, string> _onOutput;
    private readonly Action<int, string, string> _onSample;
    private readonly Channel<ChildEvent> _events = Channel.CreateUnbounded<ChildEvent>();
    private readonly List<Task> _readers = [];
    private readonly CancellationTokenSource _stop = new();

    public ChildCoordinator(
        IReadOnlyList<IChildConnection> children,
        TimeProvider timeProvider,
        Action<int, string> onOutput,
        Action<int, string, string> onSample)
    {
        _children = children;
        _timeProvider = timeProvider;
        _onOutput = onOutput;
        _onSample = onSample;
    }

    /// <summary>The stage the run is in, for messages.</summary>
    public string CurrentStage { get; private set; } = "start";

    public void Start()
    {
        foreach (var child in _children)
        {
            _readers.Add(Task.Run(() => ReadAsync(child)));
        }
    }

    /// <summary>Sends <c>go stage</c> to every child, waits until each reports it done, and returns their payloads.</summary>
    public async Task<string?[]> RunStageAsync(string stage, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var payloads = new string?[_children.Count];
        CurrentStage = stage;
        using var timeout = new CancellationTokenSource(deadline, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var pending = new HashSet<int>(Enumerable.Range(0, _children.Count));
        foreach (var child in _children)
        {
            if (!await child.SendAsync(ChildProtocol.Go(stage), linked.Token).ConfigureAwait(false))
            {
                throw Failure(child.Index, $"its input closed before stage '{stage}' (it exited)");
            }
        }

        try
        {
            while (pending.Count > 0)
            {
                var e = await _events.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                switch (e.Kind)
                {
                    case ChildEventKind.Done when e.Stage == stage:
                        pending.Remove(e.Child);
                        payloads[e.Child] = e.Text;
                        break;
                    case ChildEventKind.Error:
                        throw Failure(e.Child, $"it reported an error in stage '{e.Stage}': {e.Text}");
                    case ChildEventKind.Exited:
                        throw Failure(e.Child, $"it exited with code {e.Value1}{DescribeExitCode((int)e.Value1)} during stage '{stage}'");
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failure(pending.First(), $"it did not finish stage '{stage}' within {deadline} (hung)");
        }

        return payloads;
    }

    /// <summary>Waits for every child to exit after the last stage; a non-zero exit is a failure.</summary>
    public async Task WaitForExitAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(deadline, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        foreach (var child in _children)
        {
            int code;
            try
            {
                code = await child.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw Failure(child.Index, $"it did not exit within {deadline} after the run (hung)");
            }

            if (code != 0)
            {
                throw Failure(child.Index, $"it exited with code {code}{DescribeExitCode(code)} at the end of the run");
            }
        }
    }

    /// <summary>
    /// Tells every live child to abandon the run and clean up, waits up to <paramref name="grace"/>
    /// for them to exit, then kills what is left. Never throws.
    /// </summary>
    public async Task AbortAsync(string reason, TimeSpan grace)
    {
        foreach (var child in _children)
        {
            if (!child.HasExited)
            {
                await child.SendAsync(ChildProtocol.Abort(reason), CancellationToken.None).ConfigureAwait(false);
            }
        }

        using var timeout = new CancellationTokenSource(grace, _timeProvider);
        foreach (var child in _children)
        {
            try
            {
                await child.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                child.Kill();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in _children)
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var child in _children)
        {
            await child.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    internal static string DescribeExitCode(int code) => code switch
    {
        > 128 and < 160 => $" (killed by signal {code - 128}{(code - 128 == 9 ? ", SIGKILL" : code - 128 == 15 ? ", SIGTERM" : code - 128 == 6 ? ", SIGABRT" : string.Empty)})",
        _ => string.Empty,
    };

    private ChildProcessFailedException Failure(int child, string reason) =>
        new(child, _children[child].Name, reason);

    private async Task ReadAsync(IChildConnection child)
    {
        try
        {
            while (await child.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                ChildEvent? e;
                try
                {
                    e = ChildProtocol.ParseChildLine(line);
                }
                catch (FormatException ex)
                {
                    e = new ChildEvent(ChildEventKind.Error, CurrentStage, Text: ex.Message);
                }

                switch (e)
                {
                    case null:
                        _onOutput(child.Index, line);
                        break;
                    case { Kind: ChildEventKind.Sample }:
                        _onSample(child.Index, e.Stage, e.Text!);
                        break;
                    default:
                        await _events.Writer.WriteAsync(e with { Child = child.Index }, _stop.Token).ConfigureAwait(false);
                        break;
                }
            }

            var code = await child.WaitForExitAsync(_stop.Token).ConfigureAwait(false);
            await _events.Writer.WriteAsync(new ChildEvent(ChildEventKind.Exited, CurrentStage, code) { Child = child.Index }, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
