using System.Runtime.CompilerServices;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Hands out sequence numbers shared by every instance of a process and, with a rate, holds each send
/// until its slot (start + sequence / rate). Waits shorter than a millisecond are not taken, so sends go
/// out in bursts of at most a millisecond's worth. A sender that fell behind its slots by more than
/// <see cref="MaxLag"/> (the runner pauses between warm-up and the measured window; a busy machine takes the
/// core away) does not make the lost time up with a burst at full speed: the schedule moves on to now, so the
/// rate measured over any window stays the offered rate, as <c>iperf3 -u -b</c>'s does within a run.
/// </summary>
internal sealed class UdpPacer
{
    /// <summary>How far behind its slots a sender may fall and still catch up (at most this much is sent in one burst).</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromMilliseconds(50);

    private static readonly ConditionalWeakTable<UdpThroughputOptions, UdpPacer> Shared = [];
    private readonly double _ticksPerDatagram;
    private readonly TimeProvider _clock;
    private long _start;
    private long _next = -1;

    internal UdpPacer(int rate, TimeProvider clock)
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

        var start = Volatile.Read(ref _start);
        var offset = (long)(sequence * _ticksPerDatagram);
        var due = start + offset;
        var now = _clock.GetTimestamp();
        if (due > now)
        {
            return _clock.GetElapsedTime(now, due);
        }

        if (_clock.GetElapsedTime(due, now) > MaxLag)
        {
            // Too far behind: this datagram's slot becomes now (another instance may have moved the start already).
            Interlocked.CompareExchange(ref _start, now - offset, start);
        }

        return TimeSpan.Zero;
    }
}
