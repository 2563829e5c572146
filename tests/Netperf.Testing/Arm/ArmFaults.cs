namespace Netperf.Testing.Arm;

/// <summary>
/// The fake's fault knobs (behaviours the real service always shows are in <see cref="ArmBehaviours"/>): latency per operation, polls before a long-running operation completes,
/// scripted or random VM failures, synchronous rejections, throttling, a VM agent that never
/// becomes ready. All are set in code by the test (<c>fake.Faults.X = ...</c>); thread-safe.
/// </summary>
public sealed class ArmFaults
{
    private readonly object _gate = new();
    private readonly Dictionary<ArmOperationKind, TimeSpan> _latency = [];
    private readonly Queue<ArmError> _vmFailures = new();
    private readonly Dictionary<ArmOperationKind, Queue<ArmError>> _rejections = [];
    private readonly List<ArmThrottle> _throttles = [];
    private readonly Queue<RunCommandReport> _misreports = new();
    private Random _random = new(1234);

    /// <summary>How many polls answer InProgress before a long-running operation may complete (default 1).</summary>
    public int PollsBeforeDone { get; set; } = 1;

    /// <summary>The share (0..1) of VM creations that fail with <c>AllocationFailed</c> (seeded, repeatable).</summary>
    public double VmAllocationFailureRate { get; set; }

    /// <summary>How many VM creations the fake has failed so far (scripted or random).</summary>
    public int VmFailuresInjected { get; private set; }

    /// <summary>When true, VM creations never complete (they stay InProgress).</summary>
    public bool HangVmCreation { get; set; }

    /// <summary>When true, VM agents report Not Ready and run commands fail with <c>VMAgentStatusCommunicationError</c>.</summary>
    public bool AgentNeverReady { get; set; }

    /// <summary>When set, resource-group deletions end in this error instead of succeeding.</summary>
    public ArmError? ResourceGroupDeleteFailure { get; set; }

    /// <summary>Reseeds the random failures.</summary>
    /// <param name="seed">The seed.</param>
    public void Seed(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Sets how long an operation takes: a delay before answering for synchronous ones, the minimum time until completion for long-running ones.</summary>
    /// <param name="kind">The operation.</param>
    /// <param name="latency">The latency.</param>
    public void SetLatency(ArmOperationKind kind, TimeSpan latency)
    {
        lock (_gate)
        {
            _latency[kind] = latency;
        }
    }

    /// <summary>Makes the next VM creation(s) fail as a long-running operation with <paramref name="error"/>.</summary>
    /// <param name="error">The error, for example <see cref="ArmError.AllocationFailed"/>.</param>
    /// <param name="times">How many creations fail.</param>
    public void FailVmCreation(ArmError error, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _vmFailures.Enqueue(error);
            }
        }
    }

    /// <summary>Rejects the next request(s) of <paramref name="kind"/> synchronously with <paramref name="error"/>.</summary>
    /// <param name="kind">The operation.</param>
    /// <param name="error">The error (its status is the HTTP status).</param>
    /// <param name="times">How many requests are rejected.</param>
    public void Reject(ArmOperationKind kind, ArmError error, int times = 1)
    {
        lock (_gate)
        {
            if (!_rejections.TryGetValue(kind, out var queue))
            {
                _rejections[kind] = queue = new Queue<ArmError>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(error);
            }
        }
    }

    /// <summary>Adds a throttling rule.</summary>
    /// <param name="throttle">The rule.</param>
    /// <returns>The rule, to read <see cref="ArmThrottle.Throttled"/> later.</returns>
    public ArmThrottle Throttle(ArmThrottle throttle)
    {
        ArgumentNullException.ThrowIfNull(throttle);
        lock (_gate)
        {
            _throttles.Add(throttle);
        }

        return throttle;
    }

    /// <summary>Makes ARM report the next Run Command(s) with <paramref name="report"/> instead of the script's own result.</summary>
    /// <param name="report">What ARM reports, for example <see cref="RunCommandReport.FailedWithExitCode3"/>.</param>
    /// <param name="times">How many Run Commands are misreported.</param>
    public void MisreportRunCommands(RunCommandReport report, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _misreports.Enqueue(report);
            }
        }
    }

    internal RunCommandReport? TakeMisreport()
    {
        lock (_gate)
        {
            return _misreports.Count > 0 ? _misreports.Dequeue() : null;
        }
    }

    internal TimeSpan LatencyOf(ArmOperationKind kind)
    {
        lock (_gate)
        {
            return _latency.GetValueOrDefault(kind);
        }
    }

    internal ArmThrottle? TakeThrottle(ArmOperationKind kind)
    {
        lock (_gate)
        {
            var rule = _throttles.FirstOrDefault(t => t.Times > 0 && (t.Kind is null || t.Kind == kind));
            if (rule is not null)
            {
                rule.Times--;
                rule.Throttled++;
            }

            return rule;
        }
    }

    internal ArmError? TakeRejection(ArmOperationKind kind)
    {
        lock (_gate)
        {
            return _rejections.TryGetValue(kind, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }

    internal ArmError? TakeVmFailure()
    {
        lock (_gate)
        {
            var failure = _vmFailures.Count > 0 ? _vmFailures.Dequeue()
                : VmAllocationFailureRate > 0 && _random.NextDouble() < VmAllocationFailureRate ? ArmError.AllocationFailed : null;
            if (failure is not null)
            {
                VmFailuresInjected++;
            }

            return failure;
        }
    }
}
