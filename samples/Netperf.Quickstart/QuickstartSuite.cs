using System.Globalization;
using Netperf.Perf.Network;

namespace Netperf.Quickstart;

/// <summary>One test of the Quickstart suite: which perf test runs on the client, which server mode on the peer, how to show its result.</summary>
public sealed record SuiteEntry
{
    /// <summary>The key used with <c>--tests</c>, such as <c>tcp-up</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The perf test's name, such as <c>TcpThroughput</c>.</summary>
    public required string Test { get; init; }

    /// <summary>The test's own options (besides peer, duration and files).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The server the peer runs for it.</summary>
    public required NetperfServerOptions Server { get; init; }

    /// <summary>The unit of <see cref="Scale"/>'s result, such as <c>Gbit/s</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>Turns ops/s into the shown value (for throughput: ops/s × buffer × 8 / 1e9).</summary>
    public required Func<double, double> Scale { get; init; }
}

/// <summary>The Quickstart's suite.</summary>
public static class QuickstartSuite
{
    private const int Buffer = 128 * 1024;

    /// <summary>What runs when <c>--tests</c> is not given.</summary>
    public static IReadOnlyList<string> DefaultKeys { get; } = ["tcp-up", "tcp-down", "tcp-rr", "tcp-connect", "http-get"];

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<SuiteEntry> All { get; } =
    [
        new()
        {
            Key = "tcp-up", Test = "TcpThroughput", Unit = "Gbit/s", Scale = ops => ops * Buffer * 8 / 1e9,
            Arguments = ["--direction", "up", "--buffer-size", Buffer.ToString(CultureInfo.InvariantCulture)],
            Server = new NetperfServerOptions { Mode = NetperfServerMode.TcpSink, BufferSize = Buffer },
        },
        new()
        {
            Key = "tcp-down", Test = "TcpThroughput", Unit = "Gbit/s", Scale = ops => ops * Buffer * 8 / 1e9,
            Arguments = ["--direction", "down", "--buffer-size", Buffer.ToString(CultureInfo.InvariantCulture)],
            Server = new NetperfServerOptions { Mode = NetperfServerMode.TcpSource, BufferSize = Buffer },
        },
        new()
        {
            Key = "tcp-rr", Test = "TcpRequestResponse", Unit = "trans/s", Scale = ops => ops,
            Arguments = ["--request-size", "512", "--response-size", "4000", "--latency"],
            Server = new NetperfServerOptions { Mode = NetperfServerMode.TcpRequestResponse, RequestSize = 512, ResponseSize = 4000 },
        },
        new()
        {
            Key = "tcp-connect", Test = "TcpConnect", Unit = "conn/s", Scale = ops => ops,
            Arguments = [],
            Server = new NetperfServerOptions { Mode = NetperfServerMode.TcpAccept },
        },
        new()
        {
            Key = "http-get", Test = "HttpGet", Unit = "req/s", Scale = ops => ops,
            Arguments = ["--response-size", "4000", "--parallel", "4", "--latency"],
            Server = new NetperfServerOptions { Mode = NetperfServerMode.Http, ResponseSize = 4000 },
        },
        new()
        {
            Key = "udp", Test = "UdpThroughput", Unit = "dgram/s", Scale = ops => ops,
            Arguments = ["--size", "1200", "--datagram-rate", "50000"],
            Server = new NetperfServerOptions { Mode = NetperfServerMode.UdpSink },
        },
    ];

    /// <summary>Finds the entries for keys; throws naming the unknown key and the known ones.</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>The entries, in the order given.</returns>
    public static IReadOnlyList<SuiteEntry> Select(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Select(k => All.FirstOrDefault(e => e.Key == k)
            ?? throw new ArgumentException($"--tests: unknown test '{k}'; choose from {string.Join(", ", All.Select(e => e.Key))}.")).ToArray();
    }
}
