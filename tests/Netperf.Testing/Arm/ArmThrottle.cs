namespace Netperf.Testing.Arm;

/// <summary>A scripted throttling rule: the next <see cref="Times"/> matching requests get 429.</summary>
public sealed class ArmThrottle
{
    /// <summary>Which operations it applies to; <see langword="null"/> for all.</summary>
    public ArmOperationKind? Kind { get; init; }

    /// <summary>How many requests to throttle.</summary>
    public int Times { get; set; } = 1;

    /// <summary>The delay announced to the client.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>True to announce it as <c>retry-after-ms</c> (fast tests); false for <c>Retry-After</c> in whole seconds.</summary>
    public bool InMilliseconds { get; init; } = true;

    /// <summary>How many requests this rule has throttled so far.</summary>
    public int Throttled { get; internal set; }
}
