namespace Netperf.Core.Pairs;

/// <summary>A pair could not be created or made ready; says which step failed. Nothing of the pair is left behind.</summary>
public sealed class PairProvisioningException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public PairProvisioningException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public PairProvisioningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public PairProvisioningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed step.</summary>
    /// <param name="step">The step that failed, such as <c>create-vm</c> or <c>bootstrap:install-key</c>.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public PairProvisioningException(string step, string message, Exception? innerException = null)
        : base($"Step '{step}' failed: {message}", innerException)
    {
        Step = step;
    }

    /// <summary>The step that failed, when known.</summary>
    public string? Step { get; }

    /// <summary>The provider's error code (for example ARM's <c>AllocationFailed</c>), when known.</summary>
    public string? ErrorCode { get; init; }
}
