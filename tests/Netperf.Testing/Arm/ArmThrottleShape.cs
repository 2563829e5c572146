namespace Netperf.Testing.Arm;

/// <summary>How a throttled request is answered.</summary>
public enum ArmThrottleShape
{
    /// <summary>Resource Manager's own limit: 429 <c>SubscriptionRequestsThrottled</c>.</summary>
    ResourceManager,

    /// <summary>
    /// Compute's limit as it really comes: 429 <c>OperationNotAllowed</c> with
    /// <c>details[{code: TooManyRequests}]</c> (and, realistically, a long <c>Retry-After</c> such as 1200 s).
    /// </summary>
    Compute,

    /// <summary>A bare 429 <c>TooManyRequests</c>.</summary>
    Plain,
}
