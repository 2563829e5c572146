namespace Netperf.Testing.Arm;

/// <summary>How to start a <see cref="FakeArmServer"/>.</summary>
public sealed class FakeArmServerOptions
{
    /// <summary>The subscription the fake serves (a fixed GUID by default).</summary>
    public string SubscriptionId { get; init; } = "00000000-0000-0000-0000-0000000000aa";

    /// <summary>The tenant the fake's token endpoint serves.</summary>
    public string TenantId { get; init; } = "00000000-0000-0000-0000-0000000000bb";

    /// <summary>The clock for latency and operation timing.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
