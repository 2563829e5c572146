namespace Netperf.Harness.Network.Internal;

/// <summary>Counters a server's connections add to; read once at the end (Interlocked, no locks on the hot path).</summary>
internal sealed class ServerCounters
{
    private long _connections;
    private long _bytesReceived;
    private long _bytesSent;
    private long _requests;
    private long _datagrams;
    private long _outOfOrder;
    private long _highestSequence;
    private long _errors;

    public long Connections => Interlocked.Read(ref _connections);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long Requests => Interlocked.Read(ref _requests);

    public long Datagrams => Interlocked.Read(ref _datagrams);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    public long HighestSequence => Interlocked.Read(ref _highestSequence);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>
    /// UDP datagrams the kernel dropped while the sink ran (<see cref="KernelUdpDrops"/>); null when unknown. Set once by
    /// the sink's stop, which completes before the final report reads it.
    /// </summary>
    public long? KernelDrops { get; set; }

    public void AddConnection() => Interlocked.Increment(ref _connections);

    public void AddReceived(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    public void AddSent(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public void AddRequest() => Interlocked.Increment(ref _requests);

    public void AddError() => Interlocked.Increment(ref _errors);

    /// <summary>Counts one datagram; only the single UDP receive loop calls this, so plain writes suffice for the sequence.</summary>
    public void AddDatagram(int bytes, long sequence)
    {
        Interlocked.Increment(ref _datagrams);
        Interlocked.Add(ref _bytesReceived, bytes);
        if (sequence < 0)
        {
            return;
        }

        var highest = Interlocked.Read(ref _highestSequence);
        if (sequence + 1 > highest)
        {
            Interlocked.Exchange(ref _highestSequence, sequence + 1);
        }
        else
        {
            Interlocked.Increment(ref _outOfOrder);
        }
    }
}
