using System.Collections.Concurrent;

namespace Netperf.Perf.Tests.Processes;

/// <summary>A text reader fed line by line by the test; <see cref="End"/> is the parent's pipe closing.</summary>
internal sealed class QueueReader : TextReader
{
    private readonly BlockingCollection<string> _lines = [];

    public void Add(string line) => _lines.Add(line);

    public void End() => _lines.CompleteAdding();

    public override string? ReadLine() => _lines.TryTake(out var line, Timeout.Infinite) ? line : null;

    protected override void Dispose(bool disposing)
    {
        _lines.Dispose();
        base.Dispose(disposing);
    }
}
