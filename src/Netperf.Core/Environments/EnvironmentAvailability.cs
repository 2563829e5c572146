namespace Netperf.Core.Environments;

/// <summary>Whether an <see cref="INetperfEnvironment"/> can be used here, and why.</summary>
public sealed record EnvironmentAvailability
{
    private EnvironmentAvailability(bool isAvailable, bool isConfigured, string reason)
    {
        IsAvailable = isAvailable;
        IsConfigured = isConfigured;
        Reason = reason;
    }

    /// <summary>True when pairs can be made in the environment here.</summary>
    public bool IsAvailable { get; }

    /// <summary>
    /// True when the configuration asks for the environment (or it needs no configuration, as <c>local</c>), usable or
    /// not (<see cref="Misconfigured"/>); false when it is only detected (the single-machine lab when running as root on
    /// Linux) or not asked for.
    /// </summary>
    public bool IsConfigured { get; }

    /// <summary>Why, for people: what configures it, what was detected, or what is missing and how to fix it.</summary>
    public string Reason { get; }

    /// <summary>The configuration asks for the environment, or it needs none.</summary>
    /// <param name="reason">What configures it.</param>
    /// <returns>The availability.</returns>
    public static EnvironmentAvailability Configured(string reason) => new(true, true, Checked(reason));

    /// <summary>Not configured, but usable here as detected.</summary>
    /// <param name="reason">What was detected.</param>
    /// <returns>The availability.</returns>
    public static EnvironmentAvailability Detected(string reason) => new(true, false, Checked(reason));

    /// <summary>The configuration asks for the environment, but it cannot be used as configured (a missing inventory file).</summary>
    /// <param name="reason">What is wrong and how to fix it.</param>
    /// <returns>The availability.</returns>
    public static EnvironmentAvailability Misconfigured(string reason) => new(false, true, Checked(reason));

    /// <summary>Not asked for by the configuration, and not usable here.</summary>
    /// <param name="reason">What is missing and how to fix it.</param>
    /// <returns>The availability.</returns>
    public static EnvironmentAvailability Unavailable(string reason) => new(false, false, Checked(reason));

    private static string Checked(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return reason;
    }
}
