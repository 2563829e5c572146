namespace Netperf.Core.Runs;

/// <summary>Where run plans live and how a run is provisioned; bound from <c>Netperf:Runs</c> and validated at start-up.</summary>
public sealed class RunPlanOptions
{
    /// <summary>The configuration section: <c>Netperf:Runs</c>.</summary>
    public const string SectionName = "Netperf:Runs";

    /// <summary>
    /// The folder of plan files (one <c>&lt;run&gt;.json</c> per run); <see langword="null"/> (the default) means <c>runs</c> in
    /// Netperf's private state folder (<c>$NETPERF_STATE_DIR</c>, else <c>$XDG_RUNTIME_DIR/netperf</c>, else
    /// <c>$XDG_STATE_HOME/netperf</c>, else <c>~/.local/state/netperf</c>). Provision, teardown and the janitor of one machine must see the same folder.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// How many jobs of one spec a pair takes before another pair is made for the spec (within the pool's caps), 1 to 64;
    /// default 1: a pair per job, so jobs run at the same time on pairs of their own. When the caps allow fewer pairs,
    /// or a pair fails, a pair takes several jobs, one after another.
    /// </summary>
    public int JobsPerPair { get; set; } = 1;

    /// <summary>How many pairs in a row may fail for one spec before its jobs go to the spec's healthy pairs, 1 to 20; default 2.</summary>
    public int ProvisioningAttempts { get; set; } = 2;
}
