namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Event loops for raw HTTP connections (one group per process, <see cref="Shared"/>): made when the first connection
/// takes one, given out round robin, and stopped when the last connection gives its back, so a process that runs no raw
/// client has no loop thread.
/// </summary>
internal sealed class SocketEventLoopGroup
{
    private readonly Lock _gate = new();
    private SocketEventLoop[]? _loops;
    private int _users;
    private int _next;

    /// <summary>The process's group, which the network tests use.</summary>
    public static SocketEventLoopGroup Shared { get; } = new();

    /// <summary>The number of loops a process of a run wants: one per core over all the run's processes, at least one, at most one per instance.</summary>
    /// <param name="parallel">The run's instances (<c>--parallel</c>).</param>
    /// <param name="processes">The run's <c>--processes</c> (0: one per core, capped at <paramref name="parallel"/>).</param>
    /// <param name="cores">The machine's cores.</param>
    public static int LoopsPerProcess(int parallel, int processes, int cores)
    {
        var processCount = Math.Max(1, processes > 0 ? Math.Min(processes, parallel) : Math.Min(cores, parallel));
        var instancesPerProcess = Math.Max(1, (parallel + processCount - 1) / processCount);
        return Math.Clamp(cores / processCount, 1, instancesPerProcess);
    }

    /// <summary>Takes a loop (starting <paramref name="loopCount"/> loops if none run); give it back with <see cref="Release"/>.</summary>
    public SocketEventLoop Acquire(int loopCount)
    {
        lock (_gate)
        {
            if (_loops is null)
            {
                var loops = new SocketEventLoop[Math.Max(1, loopCount)];
                try
                {
                    for (var i = 0; i < loops.Length; i++)
                    {
                        loops[i] = new SocketEventLoop($"netperf-loop-{i}");
                    }
                }
                catch
                {
                    foreach (var loop in loops)
                    {
                        loop?.Dispose();
                    }

                    throw;
                }

                _loops = loops;
                _next = 0;
            }

            _users++;
            return _loops[_next++ % _loops.Length];
        }
    }

    /// <summary>Gives a loop back; the last one back stops them all.</summary>
    public void Release()
    {
        SocketEventLoop[]? stopping = null;
        lock (_gate)
        {
            if (--_users == 0)
            {
                stopping = _loops;
                _loops = null;
            }
        }

        foreach (var loop in stopping ?? [])
        {
            loop.Dispose();
        }
    }

    /// <summary>How many loops run now (for tests).</summary>
    public int RunningLoops
    {
        get
        {
            lock (_gate)
            {
                return _loops?.Length ?? 0;
            }
        }
    }
}
