using Netperf.Harness.Network;

namespace Netperf.Harness.Suites;

/// <summary>One test of a suite: which perf test runs on the client, which peer-server mode on the peer, how to show its result.</summary>
public sealed record SuiteEntry
{
    /// <summary>The key used with <c>--tests</c>, such as <c>tcp-up</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The perf test's name, such as <c>TcpThroughput</c>.</summary>
    public required string Test { get; init; }

    /// <summary>The test's own options (besides peer, duration and files).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The server the peer runs for it.</summary>
    public required PeerServerOptions Server { get; init; }

    /// <summary>The unit of <see cref="Scale"/>'s result, such as <c>Gbit/s</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>Turns ops/s into the shown value (for throughput: ops/s × buffer × 8 / 1e9).</summary>
    public required Func<double, double> Scale { get; init; }
}
