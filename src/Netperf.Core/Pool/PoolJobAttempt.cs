namespace Netperf.Core.Pool;

/// <summary>One attempt of a job on one pair.</summary>
/// <param name="PairId">The pair it ran on.</param>
/// <param name="Succeeded">True when the job's work completed.</param>
/// <param name="Error">Why the attempt ended otherwise (a pair fault, a lost lease, the job's own exception).</param>
public sealed record PoolJobAttempt(string PairId, bool Succeeded, Exception? Error);
