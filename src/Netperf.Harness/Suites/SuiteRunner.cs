using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Netperf.Core.Deployment;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Harness.Network;

namespace Netperf.Harness.Suites;

/// <summary>
/// Runs suite entries on a pair: deploys the test app to both machines (once), starts the peer server on the
/// peer through the peer's remote shell (<see cref="RemoteShellPeerServerLauncher"/>), runs the test on the client
/// through the client's remote shell (so traffic goes client → peer over the pair's own link), then stops the
/// server, checks it is gone, and compares what both sides counted.
/// </summary>
public sealed class SuiteRunner
{
    private readonly VmPair _pair;
    private readonly NetworkTestHarnessOptions _options;
    private readonly TextWriter _output;
    private readonly string? _stagedDll;
    private readonly string _dotnet;
    private (string Client, string Peer)? _dlls;

    /// <summary>Creates the runner.</summary>
    /// <param name="pair">A bootstrapped pair.</param>
    /// <param name="options">Durations and the test app.</param>
    /// <param name="output">Where progress goes.</param>
    public SuiteRunner(VmPair pair, NetworkTestHarnessOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        _pair = pair;
        _options = options;
        _output = output;
        _stagedDll = options.TestAssemblyPath;
        _dotnet = options.Dotnet ?? DefaultDotnet();
    }

    /// <summary>The address the client uses to reach the peer.</summary>
    /// <remarks>A provider may list an address with its SSH port (<c>127.0.0.1:2222</c>); only the host is used.</remarks>
    public string PeerAddress => _pair.Peer.Addresses.Count > 0
        ? Network.PeerAddress.Parse(_pair.Peer.Addresses[0]).Host
        : throw new InvalidOperationException($"The pair's peer {_pair.Peer.Name} has no address; the provider must report one.");

    /// <summary>Runs one entry; failures are results, cancellation propagates after cleanup.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="workFolder">A local folder for this run's files.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>The result.</returns>
    public async Task<SuiteResult> RunAsync(SuiteEntry entry, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var server = new PeerServerOptions
        {
            Mode = entry.Server.Mode,
            BufferSize = entry.Server.BufferSize,
            RequestSize = entry.Server.RequestSize,
            ResponseSize = entry.Server.ResponseSize,
            MaxLifetime = TimeSpan.FromSeconds(_options.Warmup + _options.Duration + 300),
        };
        var dlls = await DeployAsync(cancellationToken).ConfigureAwait(false);
        var launcher = new RemoteShellPeerServerLauncher(_pair.Peer, dlls.Peer, _dotnet);
        await _output.WriteLineAsync($"[{entry.Key}] starting netperf-server --mode {PeerServerModes.ToName(server.Mode)} on {_pair.Peer.Name}").ConfigureAwait(false);
        var running = await launcher.StartAsync(server, cancellationToken).ConfigureAwait(false);
        var stopped = false;
        PeerServerReport? report = null;
        string? clientFolder = null;
        try
        {
            // The client's scratch folder (its results and outcome files, copied back here) is the client's own
            // temporary folder, made fresh and private (mktemp -d) and removed in the finally below: it may be a
            // namespace's private /tmp that vanishes with the pair, or this machine's, where nothing may stay.
            clientFolder = await MakeClientFolderAsync(cancellationToken).ConfigureAwait(false);
            var resultsFile = $"{clientFolder}/{entry.Key}.json";
            var outcomeFile = $"{clientFolder}/{entry.Key}.outcome.json";
            var peer = PeerAddress.Contains(':', StringComparison.Ordinal) ? $"[{PeerAddress}]" : PeerAddress;
            var arguments = new List<string> { _dotnet, dlls.Client };
            arguments.AddRange(_options.TestCommand);
            arguments.AddRange(
            [
                entry.Test, "--peer", $"{peer}:{running.Ready.Port}", "--external-server",
                "--duration", _options.Duration.ToString(CultureInfo.InvariantCulture),
                "--warmup", _options.Warmup.ToString(CultureInfo.InvariantCulture),
                "--results-file", resultsFile, "--outcome-file", outcomeFile,

                // One client process: the client-vs-server check compares the server's count with one results file.
                "--processes", "1",
            ]);
            arguments.AddRange(entry.Arguments);
            await _output.WriteLineAsync($"[{entry.Key}] {entry.Test} on {_pair.Client.Name} -> {peer}:{running.Ready.Port}").ConfigureAwait(false);
            var client = await _pair.Client.Shell.RunAsync(
                new RemoteCommand
                {
                    Text = string.Join(' ', arguments.Select(ShellQuoting.PosixWord)),
                    Timeout = TimeSpan.FromSeconds(_options.Warmup + _options.Duration + 180),
                    DisplayName = $"{entry.Test} on the client",
                    // The client names its scratch files ("Results written to ..."), which are removed once copied
                    // back: such a line would print a path that does not exist, so it is not passed on.
                    OnOutputLine = line =>
                    {
                        if (!line.Contains(clientFolder, StringComparison.Ordinal))
                        {
                            _output.WriteLine($"  {line}");
                        }
                    },
                },
                cancellationToken).ConfigureAwait(false);

            report = await running.StopAsync(CancellationToken.None).ConfigureAwait(false);
            stopped = !await running.IsRunningAsync(CancellationToken.None).ConfigureAwait(false);
            if (!client.Succeeded)
            {
                return Failed(entry, $"the client exited with code {client.ExitCode}{(client.TimedOut ? " (timed out)" : string.Empty)}: {Tail(client.StandardError)}", stopped, running.Ready.ProcessId);
            }

            var localResults = Path.Combine(workFolder, $"{entry.Key}.json");
            var localOutcome = Path.Combine(workFolder, $"{entry.Key}.outcome.json");
            await _pair.Client.Shell.CopyFromAsync(resultsFile, localResults, cancellationToken).ConfigureAwait(false);
            await _pair.Client.Shell.CopyFromAsync(outcomeFile, localOutcome, cancellationToken).ConfigureAwait(false);
            var outcome = await PeerServerOutcomeFile.ReadAsync(localOutcome, cancellationToken).ConfigureAwait(false);
            var (ops, latency) = await ReadResultsAsync(localResults, cancellationToken).ConfigureAwait(false);
            var serverCount = ServerCount(entry.Server.Mode, report);
            var max = Math.Max(outcome.ClientCount, serverCount);
            var drops = entry.Server.Mode == PeerServerMode.UdpSink ? report.KernelDrops : null;
            var unaccounted = Math.Max(0, Math.Abs(outcome.ClientCount - serverCount) - (drops ?? 0));
            return new SuiteResult
            {
                Key = entry.Key,
                Test = entry.Test,
                Status = "succeeded",
                Unit = entry.Unit,
                Value = entry.Scale(ops),
                OpsPerSecond = ops,
                LatencyMilliseconds = latency,
                CountUnit = outcome.Unit,
                ClientCount = outcome.ClientCount,
                ServerCount = serverCount,
                RelativeDifference = max == 0 ? 0 : Math.Abs(outcome.ClientCount - serverCount) / (double)max,
                KernelDrops = drops,
                UnaccountedDifference = max == 0 ? 0 : unaccounted / (double)max,
                ClientCounters = outcome.ClientCounters,
                ServerCounters = report.Counters,
                ServerStopped = stopped,
                ServerProcessId = running.Ready.ProcessId,
            };
        }
        finally
        {
            if (report is null)
            {
                await running.DisposeAsync().ConfigureAwait(false);
            }

            if (clientFolder is not null)
            {
                await RemoveClientFolderAsync(clientFolder).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Deploys the test app to both machines, once: the pre-staged path when <see cref="NetworkTestHarnessOptions.TestAssemblyPath"/>
    /// is set, else the folder of <see cref="NetworkTestHarnessOptions.TestApp"/> (default: the entry assembly) copied to
    /// each machine that cannot see it (such as a namespace VM with a private <c>/tmp</c>). <see cref="RunAsync"/> calls it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The test dll's path on the client and on the peer.</returns>
    public async Task<(string Client, string Peer)> DeployAsync(CancellationToken cancellationToken = default)
    {
        if (_dlls is { } known)
        {
            return known;
        }

        if (_stagedDll is not null)
        {
            return (_dlls = (_stagedDll, _stagedDll)).Value;
        }

        var assembly = _options.TestApp ?? Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(assembly))
        {
            throw new InvalidOperationException("The test app is unknown: set NetworkTestHarnessOptions.TestApp to the dll that runs the perf tests and answers netperf-server.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(assembly))!;
        var deployer = new AppDeployer();
        var client = await deployer.DeployAsync(_pair.Client, folder, cancellationToken: cancellationToken).ConfigureAwait(false);
        var peer = await deployer.DeployAsync(_pair.Peer, folder, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var (role, machine, deployment) in new[] { ("client", _pair.Client, client), ("peer", _pair.Peer, peer) })
        {
            await _output.WriteLineAsync(deployment.Copied
                ? $"[deploy] {role} {machine.Name}: copied the test app to {deployment.Directory}"
                : $"[deploy] {role} {machine.Name}: uses the test app in place").ConfigureAwait(false);
        }

        var name = Path.GetFileName(assembly);
        return (_dlls = (client.PathOf(name), peer.PathOf(name))).Value;
    }

    /// <summary>What the server counted for a mode, in the unit the client reports.</summary>
    /// <param name="mode">The server mode.</param>
    /// <param name="report">The server's report.</param>
    /// <returns>The count.</returns>
    public static long ServerCount(PeerServerMode mode, PeerServerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return mode switch
        {
            PeerServerMode.TcpSink => report.BytesReceived,
            PeerServerMode.TcpSource => report.BytesSent,
            PeerServerMode.TcpRequestResponse or PeerServerMode.Http => report.Requests,
            PeerServerMode.TcpAccept => report.Connections,
            PeerServerMode.UdpSink => report.Datagrams,
            _ => 0,
        };
    }

    private async Task<string> MakeClientFolderAsync(CancellationToken cancellationToken)
    {
        var template = ShellQuoting.PosixWord($"netperf-{_options.RunName}-{_pair.Id}-XXXXXXXX");
        var made = await _pair.Client.Shell.RunAsync(
            new RemoteCommand
            {
                Text = $"mktemp -d -p \"${{TMPDIR:-/tmp}}\" {template}",
                Timeout = TimeSpan.FromSeconds(60),
                DisplayName = "making the client's scratch folder",
            },
            cancellationToken).ConfigureAwait(false);
        var folder = made.StandardOutput.Trim();
        return made.Succeeded && folder.StartsWith('/')
            ? folder
            : throw new InvalidOperationException($"Could not make a scratch folder on the client {_pair.Client.Name} (mktemp exited {made.ExitCode}): {Tail(made.StandardError)}");
    }

    private async Task RemoveClientFolderAsync(string folder)
    {
        // Not cancellable: Ctrl+C must still leave nothing behind.
        var removed = await _pair.Client.Shell.RunAsync(
            new RemoteCommand
            {
                Text = $"rm -rf -- {ShellQuoting.PosixWord(folder)}",
                Timeout = TimeSpan.FromSeconds(60),
                DisplayName = "removing the client's scratch folder",
            },
            CancellationToken.None).ConfigureAwait(false);
        if (!removed.Succeeded)
        {
            await _output.WriteLineAsync($"Warning: could not remove {folder} on {_pair.Client.Name} (rm exited {removed.ExitCode}): {Tail(removed.StandardError)}").ConfigureAwait(false);
        }
    }

    private static SuiteResult Failed(SuiteEntry entry, string error, bool stopped, int pid) => new()
    {
        Key = entry.Key,
        Test = entry.Test,
        Status = "failed",
        Unit = entry.Unit,
        Error = error,
        ServerStopped = stopped,
        ServerProcessId = pid,
    };

    private static async Task<(double Ops, IReadOnlyDictionary<string, double> Latency)> ReadResultsAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using var streamScope = stream.ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var ops = root.TryGetProperty("opsPerSecond", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetDouble() : 0;
        // Latency percentiles (nanoseconds in the file) of the last measured iteration, in milliseconds.
        var latency = new Dictionary<string, double>();
        var measured = root.TryGetProperty("iterations", out var iterations) && iterations.ValueKind == JsonValueKind.Array
            ? iterations.EnumerateArray().LastOrDefault(i => i.TryGetProperty("latency", out var l) && l.ValueKind == JsonValueKind.Object)
            : default;
        if (measured.ValueKind == JsonValueKind.Object
            && measured.GetProperty("latency").TryGetProperty("serviceTime", out var serviceTime) && serviceTime.ValueKind == JsonValueKind.Object)
        {
            foreach (var item in serviceTime.EnumerateObject().Where(i => i.Name.StartsWith('p') && i.Value.ValueKind == JsonValueKind.Number))
            {
                latency[item.Name] = item.Value.GetDouble() / 1e6;
            }
        }

        return (ops, latency);
    }

    private static string DefaultDotnet()
    {
        var host = Environment.ProcessPath;
        return host is not null && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? host : "dotnet";
    }

    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "..." + text[^600..].Trim();
}
