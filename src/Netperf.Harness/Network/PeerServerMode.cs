namespace Netperf.Harness.Network;

/// <summary>What a <c>netperf-server</c> serves; one server process serves one mode on one port.</summary>
public enum PeerServerMode
{
    /// <summary>TCP sink: reads and counts everything clients send (throughput up). Name: <c>tcp-sink</c>.</summary>
    TcpSink,

    /// <summary>TCP source: sends buffers until the client shuts down its side (throughput down). Name: <c>tcp-source</c>.</summary>
    TcpSource,

    /// <summary>TCP request/response: reads a request of a fixed size, answers with a response of a fixed size. Name: <c>tcp-rr</c>.</summary>
    TcpRequestResponse,

    /// <summary>TCP accept-and-close: accepts each connection and closes it at once (connect rate). Name: <c>tcp-accept</c>.</summary>
    TcpAccept,

    /// <summary>UDP sink: counts datagrams, bytes and sequence gaps. Name: <c>udp-sink</c>.</summary>
    UdpSink,

    /// <summary>HTTP/1.1 on Kestrel: answers every GET with a fixed-size body. Name: <c>http</c>.</summary>
    Http,
}
