namespace Netperf.Core.GitHub;

/// <summary>The runner could not be installed or started on a machine; whatever was registered for it was removed.</summary>
public sealed class RunnerInstallException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public RunnerInstallException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public RunnerInstallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public RunnerInstallException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The install script's exit code, when it ran.</summary>
    public int? ExitCode { get; init; }
}
