using System.Globalization;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Harness.Network;

/// <summary>
/// Starts <c>netperf-server</c> on a pair's peer through its <see cref="IRemoteShell"/>:
/// <c>dotnet &lt;test dll&gt; netperf-server ... --no-stdin</c> runs as a long command whose output lines
/// are watched for the ready and report lines; stopping sends it SIGTERM (or Stop-Process on Windows)
/// through a second command, waits for its report, and then checks that its process id is gone.
/// </summary>
public sealed class RemoteShellPeerServerLauncher : IPeerServerLauncher
{
    private readonly Machine _peer;
    private readonly string _testAssemblyPath;
    private readonly string _dotnet;

    /// <summary>Creates the launcher.</summary>
    /// <param name="peer">The pair's peer.</param>
    /// <param name="testAssemblyPath">The dll that answers <c>netperf-server</c>, as a path on the peer.</param>
    /// <param name="dotnet">The <c>dotnet</c> command on the peer.</param>
    public RemoteShellPeerServerLauncher(Machine peer, string testAssemblyPath, string dotnet = "dotnet")
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentException.ThrowIfNullOrWhiteSpace(testAssemblyPath);
        _peer = peer;
        _testAssemblyPath = testAssemblyPath;
        _dotnet = dotnet;
    }

    /// <inheritdoc />
    public string Description => $"remote shell to {_peer.Name} ({_peer.Shell.Description})";

    /// <summary>How long to wait for the ready line. Default 60 s.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the report after the stop signal. Default 20 s.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <inheritdoc />
    public async Task<IPeerServerHandle> StartAsync(PeerServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var arguments = string.Join(' ', PeerServerProtocol.BuildArguments(options, watchStdin: false).Select(ShellQuoting.PosixWord));
        var command = $"{ShellQuoting.PosixWord(_dotnet)} {ShellQuoting.PosixWord(_testAssemblyPath)} {PeerServerProtocol.CommandName} {arguments}";
        var server = new RemoteServer(_peer, Description, StopTimeout);
        server.Start(command, options.MaxLifetime + TimeSpan.FromMinutes(1));
        try
        {
            await server.WaitReadyAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class RemoteServer(Machine peer, string description, TimeSpan stopTimeout) : IPeerServerHandle
    {
        private readonly TaskCompletionSource<PeerServerReady> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<PeerServerReport> _report = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _abort = new();
        private Task<RemoteCommandResult>? _run;
        private PeerServerReady? _readyValue;

        public PeerServerReady Ready => _readyValue ?? throw new InvalidOperationException("The server has not announced itself yet.");

        public void Start(string command, TimeSpan timeout)
        {
            _run = Task.Run(() => peer.Shell.RunAsync(
                new RemoteCommand
                {
                    Text = command,
                    Timeout = timeout,
                    DisplayName = "netperf-server",
                    OnOutputLine = OnOutput,
                },
                _abort.Token));
            _ = _run.ContinueWith(
                t =>
                {
                    var why = t.IsCompletedSuccessfully
                        ? $"exited with code {t.Result.ExitCode}: {Tail(t.Result.StandardError)}"
                        : t.Exception?.GetBaseException().Message ?? "was cancelled";
                    var failure = new InvalidOperationException($"netperf-server via {description} {why}");
                    _ready.TrySetException(failure);
                    _report.TrySetException(failure);
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                _readyValue = await _ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new InvalidOperationException($"netperf-server via {description} did not print its ready line within {timeout.TotalSeconds:0} s; is the .NET runtime installed on the peer?", e);
            }
        }

        public async Task<PeerServerReport> StopAsync(CancellationToken cancellationToken = default)
        {
            var pid = Ready.ProcessId.ToString(CultureInfo.InvariantCulture);
            var stop = peer.OsFamily == OsFamily.Windows ? $"Stop-Process -Id {pid}" : $"kill -TERM {pid}";
            await peer.Shell.RunAsync(new RemoteCommand { Text = stop, Timeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
            try
            {
                var report = await _report.Task.WaitAsync(stopTimeout, cancellationToken).ConfigureAwait(false);
                if (_run is not null)
                {
                    await _run.WaitAsync(stopTimeout, cancellationToken).ConfigureAwait(false);
                }

                return report;
            }
            catch (TimeoutException e)
            {
                await KillAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"netperf-server (pid {pid}) via {description} did not report within {stopTimeout.TotalSeconds:0} s of SIGTERM; it was killed.", e);
            }
        }

        public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
        {
            var pid = Ready.ProcessId.ToString(CultureInfo.InvariantCulture);
            var check = peer.OsFamily == OsFamily.Windows
                ? $"if (Get-Process -Id {pid} -ErrorAction SilentlyContinue) {{ exit 0 }} else {{ exit 1 }}"
                : $"kill -0 {pid} 2>/dev/null";
            var result = await peer.Shell.RunAsync(new RemoteCommand { Text = check, Timeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
            return result.ExitCode == 0;
        }

        public async ValueTask DisposeAsync()
        {
            if (_run is { IsCompleted: false })
            {
                await KillAsync().ConfigureAwait(false);
                await _abort.CancelAsync().ConfigureAwait(false);
                try
                {
                    await _run.WaitAsync(stopTimeout).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException)
                {
                    // Already reported; the kill above is what matters.
                }
            }

            _abort.Dispose();
        }

        private async Task KillAsync()
        {
            if (_readyValue is null)
            {
                return;
            }

            var pid = _readyValue.ProcessId.ToString(CultureInfo.InvariantCulture);
            var kill = peer.OsFamily == OsFamily.Windows ? $"Stop-Process -Id {pid} -Force" : $"kill -KILL {pid} 2>/dev/null; true";
            await peer.Shell.RunAsync(new RemoteCommand { Text = kill, Timeout = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);
        }

        private void OnOutput(string line)
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

        private static string Tail(string text) => text.Length <= 400 ? text.Trim() : "..." + text[^400..].Trim();
    }
}
