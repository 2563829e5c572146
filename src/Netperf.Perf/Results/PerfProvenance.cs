namespace Netperf.Perf.Results;

/// <summary>
/// Where a result comes from: the run, the code under test, and the machines. A history of results
/// (Netperf.Results) compares a result only with results of the same test, options, environment,
/// image and size, so these fields decide what a result is compared with.
/// </summary>
/// <remarks>
/// The runner fills it from environment variables that a harness or CI job sets (see
/// <see cref="Variables"/>) and from this machine (<see cref="PerfMachineIdentity.Current"/>). Every field
/// but <see cref="Client"/> is null when its variable is not set.
/// </remarks>
public sealed record PerfProvenance
{
    /// <summary>The run's id: <c>NETPERF_RUN_ID</c>, else <c>GITHUB_RUN_ID</c>-<c>GITHUB_RUN_ATTEMPT</c> in a GitHub Actions job.</summary>
    public string? RunId { get; init; }

    /// <summary>The commit or version under test: <c>NETPERF_COMMIT</c>, else <c>GITHUB_SHA</c>.</summary>
    public string? Commit { get; init; }

    /// <summary>The environment the pair came from (<c>local</c>, <c>lab</c>, <c>azure</c>): <c>NETPERF_ENVIRONMENT</c>.</summary>
    public string? Environment { get; init; }

    /// <summary>The machines' OS image: <c>NETPERF_IMAGE</c>.</summary>
    public string? Image { get; init; }

    /// <summary>The VM size or SKU: <c>NETPERF_SIZE</c>.</summary>
    public string? Size { get; init; }

    /// <summary>The pair's id: <c>NETPERF_PAIR</c>.</summary>
    public string? PairId { get; init; }

    /// <summary>The machine the test ran on (the client): read from this machine.</summary>
    public PerfMachineIdentity? Client { get; init; }

    /// <summary>The peer, as the harness describes it (<c>NETPERF_PEER_HOST</c>, <c>_OS</c>, <c>_KERNEL</c>, <c>_CPU</c>, <c>_NIC</c>, <c>_NIC_DRIVER</c>); null when none is set.</summary>
    public PerfMachineIdentity? Peer { get; init; }

    /// <summary>The environment variables read by <see cref="Current"/>, in the order of the properties.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "NETPERF_RUN_ID", "NETPERF_COMMIT", "NETPERF_ENVIRONMENT", "NETPERF_IMAGE", "NETPERF_SIZE", "NETPERF_PAIR",
        "NETPERF_PEER_HOST", "NETPERF_PEER_OS", "NETPERF_PEER_KERNEL", "NETPERF_PEER_CPU", "NETPERF_PEER_NIC", "NETPERF_PEER_NIC_DRIVER",
    ];

    /// <summary>Reads the provenance of a run in this process: its environment variables and this machine.</summary>
    /// <returns>The provenance.</returns>
    public static PerfProvenance Current() => FromVariables(global::System.Environment.GetEnvironmentVariable, PerfMachineIdentity.Current());

    /// <summary>Builds the provenance from variables (see <see cref="Variables"/>) and the client's identity.</summary>
    /// <param name="variable">Returns a variable's value, or null when it is not set.</param>
    /// <param name="client">The client machine's identity.</param>
    /// <returns>The provenance.</returns>
    public static PerfProvenance FromVariables(Func<string, string?> variable, PerfMachineIdentity? client)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
        var githubRun = Get("GITHUB_RUN_ID") is { } run ? run + "-" + (Get("GITHUB_RUN_ATTEMPT") ?? "1") : null;
        var peerHost = Get("NETPERF_PEER_HOST");
        var peer = new PerfMachineIdentity
        {
            HostName = peerHost ?? string.Empty,
            OperatingSystem = Get("NETPERF_PEER_OS"),
            Kernel = Get("NETPERF_PEER_KERNEL"),
            CpuModel = Get("NETPERF_PEER_CPU"),
            NetworkInterface = Get("NETPERF_PEER_NIC"),
            NicDriver = Get("NETPERF_PEER_NIC_DRIVER"),
        };
        var anyPeer = peerHost is not null || peer.OperatingSystem is not null || peer.Kernel is not null
            || peer.CpuModel is not null || peer.NetworkInterface is not null || peer.NicDriver is not null;
        return new PerfProvenance
        {
            RunId = Get("NETPERF_RUN_ID") ?? githubRun,
            Commit = Get("NETPERF_COMMIT") ?? Get("GITHUB_SHA"),
            Environment = Get("NETPERF_ENVIRONMENT"),
            Image = Get("NETPERF_IMAGE"),
            Size = Get("NETPERF_SIZE"),
            PairId = Get("NETPERF_PAIR"),
            Client = client,
            Peer = anyPeer ? peer : null,
        };
    }
}
