using System.Runtime.CompilerServices;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Hands out sequence numbers shared by every instance of a process and, with a rate, holds each send
/// until its slot (start + sequence / rate). Waits shorter than a millisecond are not taken, so sends go
/// out in bursts of at most a millisecond's worth.
/// </summary>
internal sealed class UdpPacer
{
    private static readonly ConditionalWeakTable<UdpThroughputOptions, UdpPacer> Shared = [];
    private readonly double _ticksPerDatagram;
    private readonly TimeProvider _clock;
    private long _start;
    private long _next = -1;

    private UdpPacer(int rate, TimeProvider clock)
    {
        _clock = clock;
        _ticksPerDatagram = rate == 0 ? 0 : (double)clock.TimestampFrequency / rate;
    }

    public static UdpPacer For(UdpThroughputOptions options) => Shared.GetValue(options, o => new UdpPacer(o.DatagramRate, TimeProvider.System));

    public long Next()
    {
        var sequence = Interlocked.Increment(ref _next);
        if (sequence == 0)
        {
            Volatile.Write(ref _start, _clock.GetTimestamp());
        }

        return sequence;
    }

    public void WaitTurn(long sequence, CancellationToken cancellationToken)
    {
        var wait = Ahead(sequence);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            cancellationToken.WaitHandle.WaitOne(wait);
        }
    }

    public ValueTask WaitTurnAsync(long sequence, CancellationToken cancellationToken)
    {
        var wait = Ahead(sequence);
        return wait > TimeSpan.FromMilliseconds(1)
            ? new ValueTask(Task.Delay(wait, _clock, cancellationToken))
            : ValueTask.CompletedTask;
    }

    private TimeSpan Ahead(long sequence)
    {
        if (_ticksPerDatagram == 0)
        {
            return TimeSpan.Zero;
        }

        var due = Volatile.Read(ref _start) + (long)(sequence * _ticksPerDatagram);
        var now = _clock.GetTimestamp();
        return due > now ? _clock.GetElapsedTime(now, due) : TimeSpan.Zero;
    }
}
