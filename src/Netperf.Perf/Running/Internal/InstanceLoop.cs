namespace Netperf.Perf.Running.Internal;

/// <summary>
/// How one instance runs during a measurement window. Each shape (sync or async, stress or batch,
/// event; later latency-recording and paced open-loop) is its own implementation so each hot loop
/// stays free of branches it does not need. A loop counts into its <see cref="InstanceSlot"/> and
/// returns when the slot's deadline has passed or the slot is stopped.
/// </summary>
internal abstract class InstanceLoop
{
    /// <summary>Starts the loop (on a dedicated thread or the thread pool) and returns its completion.</summary>
    public abstract Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken);

    /// <summary>Runs a synchronous loop on its own thread, so a blocking test never starves the pool.</summary>
    protected static Task RunOnDedicatedThread(Action body, int parallelIndex)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                completion.TrySetResult();
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"netperf-instance-{parallelIndex}",
        };
        thread.Start();
        return completion.Task;
    }
}
