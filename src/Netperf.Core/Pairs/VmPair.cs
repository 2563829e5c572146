namespace Netperf.Core.Pairs;

/// <summary>
/// Two machines that can reach each other: a client and its peer (reached from the client as
/// <c>netperf-peer</c>). A pair is temporary; it exists from creation until it is deleted or expires.
/// </summary>
public sealed record VmPair
{
    /// <summary>The pair id; unique within its environment and present on every resource of the pair as <see cref="OwnershipTags.Pair"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The environment that made the pair.</summary>
    public string Environment => Spec.Environment;

    /// <summary>The machine that drives tests.</summary>
    public required Machine Client { get; init; }

    /// <summary>The machine the client tests against, reachable from the client as <c>netperf-peer</c>.</summary>
    public required Machine Peer { get; init; }

    /// <summary>The spec both machines were made from.</summary>
    public required MachineSpec Spec { get; init; }

    /// <summary>Who owns the pair (a user, a workflow, a service).</summary>
    public required string Owner { get; init; }

    /// <summary>The run (id and attempt) the pair belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>When the pair was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the pair may be deleted by the janitor even if nobody released it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// Whether traffic between the client and the peer stays inside one machine's kernel (a <c>local</c> pair, a
    /// namespace-lab pair on one host); false by default. The client's <c>netperf-peer</c> alias then prefers
    /// <see cref="Remoting.SshKeyExchange.HostLocal"/>.
    /// </summary>
    public bool LinkStaysOnHost { get; init; }

    /// <summary>The tags on the pair's resources, ownership tags included.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
