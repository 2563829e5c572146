namespace Netperf.Perf.Running.Internal;

/// <summary>
/// The "loop" of an event test: the test counts events itself through its slot, so the instance only
/// waits for the deadline, an error (<see cref="EventPerfTest{TOptions}.ErrorRaised"/>) or cancellation.
/// </summary>
internal sealed class EventWindowLoop(TimeProvider clock) : InstanceLoop
{
    public override async Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var remaining = Volatile.Read(ref slot.Deadline) - clock.GetTimestamp();
        try
        {
            if (remaining > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)remaining / clock.TimestampFrequency), clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Aborted or cancelled: the window reports why.
        }
        finally
        {
            slot.Stop();
        }
    }
}
