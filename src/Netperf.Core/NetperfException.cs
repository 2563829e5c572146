namespace Netperf.Core;

/// <summary>The base of the few Netperf exceptions that callers are expected to catch.</summary>
public class NetperfException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NetperfException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public NetperfException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause, kept as-is (for example the SDK's exception).</param>
    public NetperfException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
