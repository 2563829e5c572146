namespace Netperf.Core.Janitor;

/// <summary>Options of the <see cref="PairJanitor"/>, bound from <c>Netperf:Janitor</c> and validated at start-up.</summary>
public sealed class JanitorOptions
{
    /// <summary>The configuration section: <c>Netperf:Janitor</c>.</summary>
    public const string SectionName = "Netperf:Janitor";

    /// <summary>Only pairs with this <c>netperf-owner</c> are considered; <see langword="null"/> (the default) considers every owner.</summary>
    public string? Owner { get; set; }

    /// <summary>The environments to sweep; empty (the default) sweeps every registered environment.</summary>
    public IList<string> Environments { get; } = [];

    /// <summary>How many deletions run at once. Default 4.</summary>
    public int MaxParallelDeletes { get; set; } = 4;

    /// <summary>How long one deletion may take. Default 10 minutes.</summary>
    public TimeSpan DeleteTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
