namespace Netperf.Results;

/// <summary>
/// A results operation could not be done; the message says what and what to do. Nothing was written:
/// every write is one transaction. The original exception, if any, is the inner exception.
/// </summary>
public sealed class ResultsException : Exception
{
    /// <summary>Creates an exception.</summary>
    public ResultsException()
        : this(ResultsErrorKind.BadInput, "A results operation failed.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    public ResultsException(string message)
        : this(ResultsErrorKind.BadInput, message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ResultsException(string message, Exception innerException)
        : this(ResultsErrorKind.BadInput, message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="kind">Whose fault it is.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ResultsException(ResultsErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Whose fault it is.</summary>
    public ResultsErrorKind Kind { get; }
}
