using System.Globalization;
using System.Text.Json;
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
    private readonly string _dll;
    private readonly string _dotnet;

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
        _dll = options.TestAssemblyPath ?? typeof(SuiteRunner).Assembly.Location;
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
        var launcher = new RemoteShellPeerServerLauncher(_pair.Peer, _dll, _dotnet);
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
                _dotnet, _dll, "perf", entry.Test, "--peer", $"{peer}:{running.Ready.Port}", "--external-server",
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
        var latency = new Dictionary<string, double>();
        if (root.TryGetProperty("latency", out var l) && l.ValueKind == JsonValueKind.Object && l.TryGetProperty("percentiles", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (var item in p.EnumerateObject().Where(i => i.Value.ValueKind == JsonValueKind.Number))
            {
                latency[item.Name] = item.Value.GetDouble();
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
