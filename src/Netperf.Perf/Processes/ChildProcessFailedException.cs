namespace Netperf.Perf.Processes;

/// <summary>A child process of a multi-process run crashed, hung or reported an error; the run stopped.</summary>
public sealed class ChildProcessFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="childIndex">The failed child's index.</param>
    /// <param name="childName">The failed child's name ("child 1 (pid 4242)").</param>
    /// <param name="reason">What happened.</param>
    public ChildProcessFailedException(int childIndex, string childName, string reason)
        : base($"{childName} failed: {reason}. The other processes were told to clean up; see the child's output above for details.")
    {
        ChildIndex = childIndex;
        ChildName = childName;
        Reason = reason;
    }

    /// <summary>The failed child's index (0-based).</summary>
    public int ChildIndex { get; }

    /// <summary>The failed child's name, with its process id.</summary>
    public string ChildName { get; }

    /// <summary>What happened to it.</summary>
    public string Reason { get; }
}
