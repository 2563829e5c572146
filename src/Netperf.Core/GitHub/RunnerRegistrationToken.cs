namespace Netperf.Core.GitHub;

/// <summary>
/// A short-lived token with which <c>config.sh</c> registers a runner. It is a secret: its
/// <see cref="ToString"/> never shows it, and it must not be logged or put in an exception.
/// </summary>
public sealed class RunnerRegistrationToken
{
    /// <summary>Creates the token.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="expiresAt">When GitHub stops accepting it (one hour after creation).</param>
    public RunnerRegistrationToken(string token, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token;
        ExpiresAt = expiresAt;
    }

    /// <summary>The token text (secret).</summary>
    public string Token { get; }

    /// <summary>When the token expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"RunnerRegistrationToken(***, expires {ExpiresAt:O})";
}
