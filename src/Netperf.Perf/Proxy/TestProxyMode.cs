namespace Netperf.Perf.Proxy;

/// <summary>Where a <see cref="TestProxyHandler"/> sends requests.</summary>
public enum TestProxyMode
{
    /// <summary>Straight to the service (no proxy involved).</summary>
    Live,

    /// <summary>Through the test proxy, which forwards them and records the exchanges.</summary>
    Record,

    /// <summary>To the test proxy, which answers from the recording without contacting the service.</summary>
    Playback,
}
