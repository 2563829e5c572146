namespace Netperf.Core.Bootstrapping;

/// <summary>One step of bootstrapping, as reported.</summary>
public sealed record ReadinessStep
{
    /// <summary>The step's stable name, such as <c>generate-key</c>, <c>install-key</c>, <c>peer-alias</c>, <c>tools</c>, <c>prove-ready</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How it ended.</summary>
    public required ReadinessStepOutcome Outcome { get; init; }

    /// <summary>How long it took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>A secret-free detail for people (what was found, why it failed).</summary>
    public string? Detail { get; init; }
}
