namespace Netperf.Core.GitHub;

/// <summary>Why a job cannot exist.</summary>
/// <param name="Job">The job.</param>
/// <param name="Message">What is wrong and what to use instead.</param>
public sealed record MatrixRuleViolation(MatrixEntry Job, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Job.Id}: {Message}";
}
