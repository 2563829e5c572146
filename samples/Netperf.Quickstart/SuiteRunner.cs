using System.Globalization;
using System.Text.Json;
using Netperf.Core.Deployment;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Perf.Network;

namespace Netperf.Quickstart;

/// <summary>
/// Runs suite entries on a pair: the server on the peer through the peer's remote shell, the test on the
/// client through the client's remote shell (so traffic goes client → peer over the pair's own link),
/// then stops the server, checks it is gone, and compares what both sides counted.
/// </summary>
public sealed class SuiteRunner
{
    private readonly VmPair _pair;
    private readonly QuickstartOptions _options;
    private readonly TextWriter _output;
    private readonly string? _stagedDll;
    private readonly string _dotnet;
    private (string Client, string Peer)? _dlls;

    /// <summary>Creates the runner.</summary>
    /// <param name="pair">A bootstrapped pair.</param>
    /// <param name="options">Durations and paths.</param>
    /// <param name="output">Where progress goes.</param>
    public SuiteRunner(VmPair pair, QuickstartOptions options, TextWriter output)
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
        ? Netperf.Perf.Network.PeerAddress.Parse(_pair.Peer.Addresses[0]).Host
        : throw new InvalidOperationException($"The pair's peer {_pair.Peer.Name} has no address; the provider must report one.");

    /// <summary>Runs one entry; failures are results, cancellation propagates after cleanup.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="workFolder">A local folder for this run's files.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>The result.</returns>
    public async Task<SuiteResult> RunAsync(SuiteEntry entry, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var server = new NetperfServerOptions
        {
            Mode = entry.Server.Mode,
            BufferSize = entry.Server.BufferSize,
            RequestSize = entry.Server.RequestSize,
            ResponseSize = entry.Server.ResponseSize,
            MaxLifetime = TimeSpan.FromSeconds(_options.Warmup + _options.Duration + 300),
        };
        var dlls = await DeployAsync(cancellationToken);
        var launcher = new RemoteShellPeerServerLauncher(_pair.Peer, dlls.Peer, _dotnet);
        await _output.WriteLineAsync($"[{entry.Key}] starting netperf-server --mode {NetperfServerModes.ToName(server.Mode)} on {_pair.Peer.Name}");
        var running = await launcher.StartAsync(server, cancellationToken);
        var stopped = false;
        NetperfServerReport? report = null;
        try
        {
            var clientFolder = Path.Combine(Path.GetTempPath(), $"netperf-quickstart-{_pair.Id}");
            var resultsFile = $"{clientFolder}/{entry.Key}.json";
            var outcomeFile = $"{clientFolder}/{entry.Key}.outcome.json";
            var peer = PeerAddress.Contains(':', StringComparison.Ordinal) ? $"[{PeerAddress}]" : PeerAddress;
            var arguments = new List<string>
            {
                _dotnet, dlls.Client, "perf", entry.Test, "--peer", $"{peer}:{running.Ready.Port}", "--external-server",
                "--duration", _options.Duration.ToString(CultureInfo.InvariantCulture),
                "--warmup", _options.Warmup.ToString(CultureInfo.InvariantCulture),
                "--results-file", resultsFile, "--outcome-file", outcomeFile,

                // One client process: the client-vs-server check compares the server's count with one results file.
                "--processes", "1",
            };
            arguments.AddRange(entry.Arguments);
            await _output.WriteLineAsync($"[{entry.Key}] {entry.Test} on {_pair.Client.Name} -> {peer}:{running.Ready.Port}");
            var client = await _pair.Client.Shell.RunAsync(
                new RemoteCommand
                {
                    Text = string.Join(' ', arguments.Select(ShellQuote)),
                    Timeout = TimeSpan.FromSeconds(_options.Warmup + _options.Duration + 180),
                    DisplayName = $"{entry.Test} on the client",
                    OnOutputLine = line => _output.WriteLine($"  {line}"),
                },
                cancellationToken);

            report = await running.StopAsync(CancellationToken.None);
            stopped = !await running.IsRunningAsync(CancellationToken.None);
            if (!client.Succeeded)
            {
                return Failed(entry, $"the client exited with code {client.ExitCode}{(client.TimedOut ? " (timed out)" : string.Empty)}: {Tail(client.StandardError)}", stopped, running.Ready.ProcessId);
            }

            var localResults = Path.Combine(workFolder, $"{entry.Key}.json");
            var localOutcome = Path.Combine(workFolder, $"{entry.Key}.outcome.json");
            await _pair.Client.Shell.CopyFromAsync(resultsFile, localResults, cancellationToken);
            await _pair.Client.Shell.CopyFromAsync(outcomeFile, localOutcome, cancellationToken);
            var outcome = await PeerServerOutcomeFile.ReadAsync(localOutcome, cancellationToken);
            var (ops, latency) = await ReadResultsAsync(localResults, cancellationToken);
            var serverCount = ServerCount(entry.Server.Mode, report);
            var max = Math.Max(outcome.ClientCount, serverCount);
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
                ServerStopped = stopped,
                ServerProcessId = running.Ready.ProcessId,
            };
        }
        finally
        {
            if (report is null)
            {
                await running.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The test dll's path on each machine: the pre-staged path when configured, else this program's folder
    /// deployed to the machine (machines such as a namespace VM with a private <c>/tmp</c> do not see it).
    /// </summary>
    private async Task<(string Client, string Peer)> DeployAsync(CancellationToken cancellationToken)
    {
        if (_dlls is { } known)
        {
            return known;
        }

        if (_stagedDll is not null)
        {
            return (_dlls = (_stagedDll, _stagedDll)).Value;
        }

        var assembly = typeof(SuiteRunner).Assembly.Location;
        var folder = Path.GetDirectoryName(assembly)!;
        var deployer = new AppDeployer();
        var client = await deployer.DeployAsync(_pair.Client, folder, cancellationToken: cancellationToken);
        var peer = await deployer.DeployAsync(_pair.Peer, folder, cancellationToken: cancellationToken);
        foreach (var (role, machine, deployment) in new[] { ("client", _pair.Client, client), ("peer", _pair.Peer, peer) })
        {
            await _output.WriteLineAsync(deployment.Copied
                ? $"[deploy] {role} {machine.Name}: copied the test app to {deployment.Directory}"
                : $"[deploy] {role} {machine.Name}: uses the test app in place");
        }

        var name = Path.GetFileName(assembly);
        return (_dlls = (client.PathOf(name), peer.PathOf(name))).Value;
    }

    /// <summary>What the server counted for a mode, in the unit the client reports.</summary>
    /// <param name="mode">The server mode.</param>
    /// <param name="report">The server's report.</param>
    /// <returns>The count.</returns>
    public static long ServerCount(NetperfServerMode mode, NetperfServerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return mode switch
        {
            NetperfServerMode.TcpSink => report.BytesReceived,
            NetperfServerMode.TcpSource => report.BytesSent,
            NetperfServerMode.TcpRequestResponse or NetperfServerMode.Http => report.Requests,
            NetperfServerMode.TcpAccept => report.Connections,
            NetperfServerMode.UdpSink => report.Datagrams,
            _ => 0,
        };
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
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
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

    private static string ShellQuote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./:=".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "..." + text[^600..].Trim();
}
