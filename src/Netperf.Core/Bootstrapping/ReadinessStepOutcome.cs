namespace Netperf.Core.Bootstrapping;

/// <summary>How one bootstrap step ended.</summary>
public enum ReadinessStepOutcome
{
    /// <summary>The step did its work, or found it already done.</summary>
    Succeeded,

    /// <summary>The step failed; the pair is not ready.</summary>
    Failed,

    /// <summary>The step did not apply (for example PowerShell not requested).</summary>
    Skipped,
}
