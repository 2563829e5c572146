namespace Netperf.Azure.Pairs.Internal;

/// <summary>
/// The step an ARM call belongs to and when its time is up, carried along the async flow so that the retry
/// policy (deep inside the SDK's pipeline) bounds its waits for throttling by the step's operation timeout
/// and names the step in what it logs.
/// </summary>
internal sealed class ArmCallScope
{
    private static readonly AsyncLocal<ArmCallScope?> CurrentScope = new();

    private ArmCallScope(string step, long deadline)
    {
        Step = step;
        Deadline = deadline;
    }

    public static ArmCallScope? Current => CurrentScope.Value;

    public string Step { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> after which the step has run out of time.</summary>
    public long Deadline { get; }

    /// <summary>Enters a scope for <paramref name="step"/> unless one is already open (the outermost step's deadline wins).</summary>
    public static IDisposable Enter(string step, TimeProvider timeProvider, TimeSpan timeout)
    {
        if (CurrentScope.Value is not null)
        {
            return NoScope.Instance;
        }

        var deadline = timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
        CurrentScope.Value = new ArmCallScope(step, deadline);
        return new Exit();
    }

    public TimeSpan Remaining(TimeProvider timeProvider)
    {
        var left = Deadline - timeProvider.GetTimestamp();
        return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / timeProvider.TimestampFrequency);
    }

    private sealed class Exit : IDisposable
    {
        public void Dispose() => CurrentScope.Value = null;
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
