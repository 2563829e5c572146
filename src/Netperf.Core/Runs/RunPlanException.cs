namespace Netperf.Core.Runs;

/// <summary>
/// A run cannot be planned as asked (a matrix row no environment here can make, an unknown image, a run id in use);
/// nothing was created. The message names every problem and what to do.
/// </summary>
public sealed class RunPlanException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunPlanException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public RunPlanException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RunPlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Each problem, one line each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
