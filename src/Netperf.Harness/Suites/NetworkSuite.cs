using System.Globalization;
using Netperf.Harness.Network;

namespace Netperf.Harness.Suites;

/// <summary>
/// The standard suite of network tests on a pair (what the Quickstart runs): TCP throughput up and down, TCP
/// request/response, TCP connect, HTTP GET, and UDP on request. Entries are chosen by key (<c>tcp-up</c>, ...).
/// </summary>
public static class NetworkSuite
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
            Server = new PeerServerOptions { Mode = PeerServerMode.TcpSink, BufferSize = Buffer },
        },
        new()
        {
            Key = "tcp-down", Test = "TcpThroughput", Unit = "Gbit/s", Scale = ops => ops * Buffer * 8 / 1e9,
            Arguments = ["--direction", "down", "--buffer-size", Buffer.ToString(CultureInfo.InvariantCulture)],
            Server = new PeerServerOptions { Mode = PeerServerMode.TcpSource, BufferSize = Buffer },
        },
        new()
        {
            Key = "tcp-rr", Test = "TcpRequestResponse", Unit = "trans/s", Scale = ops => ops,
            Arguments = ["--request-size", "512", "--response-size", "4000", "--latency"],
            Server = new PeerServerOptions { Mode = PeerServerMode.TcpRequestResponse, RequestSize = 512, ResponseSize = 4000 },
        },
        new()
        {
            Key = "tcp-connect", Test = "TcpConnect", Unit = "conn/s", Scale = ops => ops,
            Arguments = [],
            Server = new PeerServerOptions { Mode = PeerServerMode.TcpAccept },
        },
        new()
        {
            Key = "http-get", Test = "HttpGet", Unit = "req/s", Scale = ops => ops,
            Arguments = ["--response-size", "4000", "--parallel", "4", "--latency"],
            Server = new PeerServerOptions { Mode = PeerServerMode.Http, ResponseSize = 4000 },
        },
        new()
        {
            Key = "udp", Test = "UdpThroughput", Unit = "dgram/s", Scale = ops => ops,
            Arguments = ["--size", "1200", "--datagram-rate", "50000"],
            Server = new PeerServerOptions { Mode = PeerServerMode.UdpSink },
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
