namespace Netperf.Testing.Arm;

/// <summary>A scripted throttling rule: the next <see cref="Times"/> matching requests get 429.</summary>
public sealed class ArmThrottle
{
    /// <summary>Which operations it applies to (<see cref="ArmOperationKind.PollOperation"/> for status polls); <see langword="null"/> for all.</summary>
    public ArmOperationKind? Kind { get; init; }

    /// <summary>How many requests to throttle.</summary>
    public int Times { get; set; } = 1;

    /// <summary>The delay announced to the client.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>True to announce it as <c>retry-after-ms</c> (fast tests); false for <c>Retry-After</c> in whole seconds.</summary>
    public bool InMilliseconds { get; init; } = true;

    /// <summary>The error body; default <see cref="ArmThrottleShape.Plain"/>.</summary>
    public ArmThrottleShape Shape { get; init; } = ArmThrottleShape.Plain;

    /// <summary>How many requests this rule has throttled so far.</summary>
    public int Throttled { get; internal set; }

    /// <summary>Compute's throttling as recorded: <c>OperationNotAllowed</c> + <c>TooManyRequests</c>, <c>Retry-After</c> in seconds (default 1200).</summary>
    /// <param name="kind">The operations it applies to.</param>
    /// <param name="times">How many requests to throttle.</param>
    /// <param name="retryAfter">The announced delay; default 20 minutes.</param>
    /// <returns>The rule.</returns>
    public static ArmThrottle Compute(ArmOperationKind? kind, int times = 1, TimeSpan? retryAfter = null) => new()
    {
        Kind = kind,
        Times = times,
        RetryAfter = retryAfter ?? TimeSpan.FromSeconds(1200),
        InMilliseconds = false,
        Shape = ArmThrottleShape.Compute,
    };

    /// <summary>Resource Manager's throttling: <c>SubscriptionRequestsThrottled</c>, <c>Retry-After</c> in seconds.</summary>
    /// <param name="kind">The operations it applies to.</param>
    /// <param name="times">How many requests to throttle.</param>
    /// <param name="retryAfter">The announced delay; default 17 s.</param>
    /// <returns>The rule.</returns>
    public static ArmThrottle ResourceManager(ArmOperationKind? kind, int times = 1, TimeSpan? retryAfter = null) => new()
    {
        Kind = kind,
        Times = times,
        RetryAfter = retryAfter ?? TimeSpan.FromSeconds(17),
        InMilliseconds = false,
        Shape = ArmThrottleShape.ResourceManager,
    };

    internal ArmError Error() => Shape switch
    {
        ArmThrottleShape.Compute => new ArmError(429, "OperationNotAllowed",
            "The server rejected the request because too many requests have been received for this subscription.")
        {
            Details = [new ArmError(429, "TooManyRequests", "{\"operationGroup\":\"PutVM3Min\",\"startTime\":\"2026-01-01T00:00:00+00:00\",\"endTime\":\"2026-01-01T00:03:00+00:00\",\"allowedRequestCount\":500,\"measuredRequestCount\":812}")],
        },
        ArmThrottleShape.ResourceManager => new ArmError(429, "SubscriptionRequestsThrottled",
            "Number of requests for subscription exceeded the limit for 'Microsoft.Compute'. Please try again after a while."),
        _ => new ArmError(429, "TooManyRequests", "The request is being throttled as the limit has been reached for operation type."),
    };
}
