namespace Netperf.Testing.Arm;

/// <summary>An ARM error as it goes on the wire: <c>{"error":{"code":..,"message":..,"details":[..]}}</c> with a status.</summary>
/// <param name="Status">The HTTP status for synchronous errors (200 inside a failed long-running operation).</param>
/// <param name="Code">The ARM error code, such as <c>AllocationFailed</c>.</param>
/// <param name="Message">The message.</param>
public sealed record ArmError(int Status, string Code, string Message)
{
    /// <summary>The capacity failure of a VM creation (long-running operation outcome).</summary>
    public static ArmError AllocationFailed { get; } = new(200, "AllocationFailed",
        "Allocation failed. We do not have sufficient capacity for the requested VM size in this region.");

    /// <summary>The quota rejection of a VM creation (synchronous 409).</summary>
    public static ArmError QuotaExceeded { get; } = new(409, "OperationNotAllowed",
        "Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.");

    /// <summary>A transient 503 from the front door (the SDK retries it).</summary>
    public static ArmError ServiceUnavailable { get; } = new(503, "ServiceUnavailable",
        "The service is temporarily unavailable. Please try again later.");

    /// <summary>A transient 500.</summary>
    public static ArmError InternalServerError { get; } = new(500, "InternalServerError",
        "Encountered internal server error. Diagnostic information: timestamp 'x', subscription id 'x', tracking id 'x'.");

    /// <summary>The inner errors (<c>details</c>), such as Compute's <c>TooManyRequests</c> under <c>OperationNotAllowed</c>.</summary>
    public IReadOnlyList<ArmError> Details { get; init; } = [];
}
