using Netperf.Perf.Running;

namespace Netperf.Perf.Results;

/// <summary>A failure in one stage of a run.</summary>
public sealed record PerfRunError
{
    /// <summary>The stage that failed.</summary>
    public required RunStage Stage { get; init; }

    /// <summary>The exception's type name.</summary>
    public required string Type { get; init; }

    /// <summary>The exception's message.</summary>
    public required string Message { get; init; }

    /// <summary>The full exception text (type, message, stack, inner exceptions).</summary>
    public required string Details { get; init; }

    /// <summary>Creates the record of an exception.</summary>
    /// <param name="stage">The stage that failed.</param>
    /// <param name="exception">The exception.</param>
    /// <returns>The record.</returns>
    public static PerfRunError From(RunStage stage, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new PerfRunError
        {
            Stage = stage,
            Type = exception.GetType().FullName ?? exception.GetType().Name,
            Message = exception.Message,
            Details = exception.ToString(),
        };
    }
}
