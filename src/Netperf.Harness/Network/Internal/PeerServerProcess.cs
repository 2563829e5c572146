using System.Diagnostics;

namespace Netperf.Harness.Network.Internal;

/// <summary>A <c>netperf-server</c> child process (possibly an SSH client running it remotely) and its protocol lines.</summary>
internal sealed class PeerServerProcess : IPeerServerHandle
{
    private readonly Process _process;
    private readonly string _description;
    private readonly TimeSpan _stopTimeout;
    private readonly TaskCompletionSource<PeerServerReady> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PeerServerReport> _report = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _errors = new();
    private PeerServerReady? _readyValue;

    public PeerServerProcess(ProcessStartInfo info, string description, TimeSpan stopTimeout)
    {
        _description = description;
        _stopTimeout = stopTimeout;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnError(e.Data);
        _process.Exited += (_, _) => OnExited();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public PeerServerReady Ready => _readyValue ?? throw new InvalidOperationException("The server has not announced itself yet.");

    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            _readyValue = await _ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"netperf-server via {_description} did not print its ready line within {timeout.TotalSeconds:0} s; {Stderr()}", e);
        }
    }

    public async Task<PeerServerReport> StopAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone; the exit check below says whether it reported.
        }

        try
        {
            var report = await _report.Task.WaitAsync(_stopTimeout, cancellationToken).ConfigureAwait(false);
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(_stopTimeout, cancellationToken).ConfigureAwait(false);
            return report;
        }
        catch (TimeoutException e)
        {
            Kill();
            throw new InvalidOperationException($"netperf-server via {_description} did not stop and report within {_stopTimeout.TotalSeconds:0} s after its input closed; it was killed. {Stderr()}", e);
        }
    }

    public Task<bool> IsRunningAsync(CancellationToken cancellationToken = default) => Task.FromResult(!_process.HasExited);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private void OnOutput(string? line)
    {
        if (PeerServerProtocol.TryParseReady(line, out var ready))
        {
            _ready.TrySetResult(ready!);
        }
        else if (PeerServerProtocol.TryParseReport(line, out var report))
        {
            _report.TrySetResult(report!);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_errors)
        {
            _errors.Enqueue(line);
            if (_errors.Count > 20)
            {
                _errors.Dequeue();
            }
        }
    }

    private void OnExited()
    {
        // Let the output readers finish before deciding nothing came.
        _process.WaitForExit();
        var failure = new InvalidOperationException($"netperf-server via {_description} exited with code {_process.ExitCode}; {Stderr()}");
        _ready.TrySetException(failure);
        _report.TrySetException(failure);
    }

    private string Stderr()
    {
        lock (_errors)
        {
            return _errors.Count == 0 ? "it wrote nothing to standard error." : "its standard error ended with: " + string.Join(" | ", _errors);
        }
    }
}
