namespace Netperf.Core.Pairs;

/// <summary>
/// A pair request the provider cannot meet (for example PowerShell asked for where the image cannot have it). Thrown
/// before anything is created, so nothing is left behind; retrying the same request fails the same way.
/// </summary>
public sealed class PairRequestException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public PairRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What cannot be met and what to do.</param>
    public PairRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What cannot be met and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public PairRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
