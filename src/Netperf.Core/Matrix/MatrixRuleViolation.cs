namespace Netperf.Core.Matrix;

/// <summary>Why a job cannot exist.</summary>
/// <param name="Job">The job.</param>
/// <param name="Message">What is wrong and what to use instead.</param>
public sealed record MatrixRuleViolation(MatrixJob Job, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Job.Id}: {Message}";
}
