namespace Netperf.Perf.Processes.Internal;

internal enum ChildEventKind
{
    Done,
    Sample,
    Error,
    Exited,
}

/// <summary>Something a child reported (or its exit, with the code in <paramref name="Value1"/>).</summary>
internal sealed record ChildEvent(ChildEventKind Kind, string Stage, long Value1 = 0, long Value2 = 0, string? Text = null)
{
    public int Child { get; init; }
}
