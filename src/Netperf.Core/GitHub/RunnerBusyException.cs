namespace Netperf.Core.GitHub;

/// <summary>A runner was not deleted because it is running a job; retry after the job, or delete with force.</summary>
public sealed class RunnerBusyException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public RunnerBusyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public RunnerBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public RunnerBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The busy runner's id.</summary>
    public long RunnerId { get; init; }
}
