namespace Netperf.Perf.Processes.Internal;

/// <summary>The parent's end of one child: its output lines, its input, its exit.</summary>
internal interface IChildConnection : IAsyncDisposable
{
    int Index { get; }

    /// <summary>A name for messages: "child 1 (pid 4242)".</summary>
    string Name { get; }

    /// <summary>Reads the next line of the child's standard output; null at its end.</summary>
    Task<string?> ReadLineAsync(CancellationToken cancellationToken);

    /// <summary>Writes one line to the child's standard input; false when the child is gone.</summary>
    Task<bool> SendAsync(string line, CancellationToken cancellationToken);

    /// <summary>Waits for the child to exit and returns its exit code.</summary>
    Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    bool HasExited { get; }

    /// <summary>Kills the child and its descendants.</summary>
    void Kill();
}
