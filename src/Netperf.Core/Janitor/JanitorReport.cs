namespace Netperf.Core.Janitor;

/// <summary>What a janitor sweep did.</summary>
public sealed record JanitorReport
{
    /// <summary>The plan it followed.</summary>
    public required JanitorPlan Plan { get; init; }

    /// <summary>True when nothing was deleted on purpose (dry run).</summary>
    public required bool DryRun { get; init; }

    /// <summary>The ids of pairs deleted (environment-qualified as <c>env/id</c>).</summary>
    public required IReadOnlyList<string> Deleted { get; init; }

    /// <summary>Deletions that failed: <c>env/id</c> and the error message.</summary>
    public required IReadOnlyDictionary<string, string> Failed { get; init; }

    /// <summary>True when every planned deletion succeeded (or it was a dry run) and every environment could be listed.</summary>
    public bool Succeeded => Failed.Count == 0 && Plan.ListFailures.Count == 0;
}
