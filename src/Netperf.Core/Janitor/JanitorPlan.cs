namespace Netperf.Core.Janitor;

/// <summary>What the janitor would do: a decision per pair found, and the environments it could not list.</summary>
public sealed record JanitorPlan
{
    /// <summary>When the plan was made (expiry is judged against this time).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>One decision per pair found.</summary>
    public required IReadOnlyList<JanitorDecision> Decisions { get; init; }

    /// <summary>Environments whose listing failed, with the error message; their pairs are neither kept nor deleted.</summary>
    public IReadOnlyDictionary<string, string> ListFailures { get; init; } = new Dictionary<string, string>();

    /// <summary>The decisions to delete.</summary>
    public IReadOnlyList<JanitorDecision> ToDelete => Decisions.Where(d => d.Action == JanitorAction.Delete).ToList();
}
