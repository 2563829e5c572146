namespace Netperf.Core.GitHub;

/// <summary>A job matrix could not be read or expanded; <see cref="Exception.Message"/> lists every problem.</summary>
public sealed class JobMatrixException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public JobMatrixException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public JobMatrixException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause (for example a JSON error).</param>
    public JobMatrixException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The rule violations, when the matrix broke the rules.</summary>
    public IReadOnlyList<MatrixRuleViolation> Violations { get; init; } = [];
}
