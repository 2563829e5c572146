namespace Netperf.Testing.Arm;

/// <summary>
/// How the fake behaves over time and at the edges, as real ARM does (from recorded sessions and the
/// documentation). Each behaviour the real service always shows is on by default; every one can be switched
/// off or reshaped in code (<c>fake.Behaviours.X = ...</c>). Times are measured on the fake's clock, so a test
/// that runs the fake on a <see cref="Time.FakeClock"/> pays nothing for minutes of modelled latency;
/// a test on the system clock calls <see cref="UseInstantTiming"/>.
/// </summary>
public sealed class ArmBehaviours
{
    /// <summary>
    /// How many bytes of a managed Run Command's output and of its error <c>instanceView</c> keeps: the last
    /// ones. Default 4096 (managed Run Command keeps the last 4 KB of each); 0 keeps everything.
    /// </summary>
    public int RunCommandOutputLimit { get; set; } = 4096;

    /// <summary>How long the first Run Command on a VM takes (the extension is installed first); default 5 min 41 s, as recorded.</summary>
    public TimeSpan FirstRunCommandLatency { get; set; } = new(0, 5, 41);

    /// <summary>How long a later Run Command on the same VM takes at least; default 40 s.</summary>
    public TimeSpan RunCommandLatency { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>How long deleting a Run Command takes; default 3 min 30 s, as recorded.</summary>
    public TimeSpan RunCommandDeleteLatency { get; set; } = new(0, 3, 30);

    /// <summary>
    /// Answer 409 to a Run Command on a VM while another one (under another name) runs or is being deleted there
    /// ("Run command extension execution is in progress"); default true. Re-sending the running one under its
    /// own name replaces (cancels) it, as ARM does.
    /// </summary>
    public bool RejectConcurrentRunCommands { get; set; } = true;

    /// <summary>How long after a VM has been created its guest agent starts reporting Ready; default 45 s.</summary>
    public TimeSpan AgentReadyDelay { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long a NIC stays reserved after its VM was deleted or failed to be created: deleting it then answers
    /// <c>400 NicReservedForAnotherVm</c>. Default 180 s.
    /// </summary>
    public TimeSpan NicReservationWindow { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>The <c>Retry-After</c> (whole seconds) on answers to polls of an unfinished operation; default 10 s; <see langword="null"/> for none.</summary>
    public TimeSpan? PollRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Tags a policy adds to every resource group and resource on each PUT (responses then carry tags the client
    /// never sent); default one, <c>policy-cost-center</c>. Clear it for none.
    /// </summary>
    public IDictionary<string, string> PolicyTags { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["policy-cost-center"] = "netperf-fake",
    };

    /// <summary>
    /// A subnet that does not say <c>defaultOutboundAccess</c> is private (no implicit outbound path), as subnets
    /// made with network api-versions released after 2026-03-31 are and as many subscriptions enforce by policy.
    /// Default true. A VM reaches the internet only through its subnet's NAT gateway (with a public IP), its own
    /// public IP, or a subnet with <c>defaultOutboundAccess: true</c>.
    /// </summary>
    public bool SubnetsPrivateByDefault { get; set; } = true;

    /// <summary>Turns off every modelled wait (Run Command latencies, agent delay, NIC reservation, poll Retry-After), for tests on the system clock.</summary>
    /// <returns>These behaviours.</returns>
    public ArmBehaviours UseInstantTiming()
    {
        FirstRunCommandLatency = TimeSpan.Zero;
        RunCommandLatency = TimeSpan.Zero;
        RunCommandDeleteLatency = TimeSpan.Zero;
        AgentReadyDelay = TimeSpan.Zero;
        NicReservationWindow = TimeSpan.Zero;
        PollRetryAfter = null;
        return this;
    }
}
