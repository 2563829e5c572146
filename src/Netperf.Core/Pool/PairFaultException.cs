namespace Netperf.Core.Pool;

/// <summary>
/// Thrown by a job to say its pair broke (the peer stopped answering, a machine rebooted), as
/// opposed to the test failing. The pool deletes the pair and runs the job again on a healthy pair
/// of the same spec.
/// </summary>
public sealed class PairFaultException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public PairFaultException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What broke.</param>
    public PairFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What broke.</param>
    /// <param name="innerException">The cause.</param>
    public PairFaultException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
