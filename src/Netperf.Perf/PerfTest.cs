using Netperf.Perf.Running.Internal;

namespace Netperf.Perf;

/// <summary>
/// The non-generic root of every perf test. Derive from <see cref="PerfStressTest{TOptions}"/>,
/// <see cref="BatchPerfTest{TOptions}"/> or <see cref="EventPerfTest{TOptions}"/>; the runner drives
/// the lifecycle documented on <see cref="Running.PerfStage"/>.
/// </summary>
/// <remarks>
/// Lifecycle per run: <see cref="GlobalSetupAsync"/> (first instance only), <see cref="SetupAsync"/>,
/// <see cref="PostSetupAsync"/>, warm-up, each iteration, <see cref="PreCleanupAsync"/>,
/// <see cref="CleanupAsync"/>, <see cref="GlobalCleanupAsync"/> (first instance only), then disposal.
/// A stage's cleanup counterpart runs in a <c>finally</c>, also after a failure or cancellation.
/// </remarks>
public abstract class PerfTest : IAsyncDisposable
{
    private InstanceSlot _slot = InstanceSlot.Idle;

    // Only the framework's own base classes derive from here, so the runner knows every shape.
    private protected PerfTest()
    {
    }

    /// <summary>
    /// The index of this instance among all <c>--parallel</c> instances of the run (0-based).
    /// Set before <see cref="GlobalSetupAsync"/>; not yet set inside the constructor.
    /// </summary>
    public int ParallelIndex { get; internal set; }

    /// <summary>Operations completed by this instance in the current warm-up or iteration.</summary>
    public long CompletedOperations => Volatile.Read(ref _slot.Completed);

    /// <summary>
    /// When this instance completed its last operation, measured from the start of the current
    /// warm-up or iteration. Zero before the first operation completes.
    /// </summary>
    public TimeSpan LastCompletionTime => _slot.LastCompletionTime;

    /// <summary>The untyped options of this run.</summary>
    public abstract PerfOptions BaseOptions { get; }

    internal InstanceSlot Slot
    {
        get => Volatile.Read(ref _slot);
        set => Volatile.Write(ref _slot, value);
    }

    internal abstract PerfTestKind Kind { get; }

    /// <summary>An error the test reported outside a measurement window (event tests).</summary>
    internal virtual Exception? PendingError => null;

    /// <summary>Runs once per run, on the first instance, before any <see cref="SetupAsync"/>.</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    public virtual Task GlobalSetupAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Runs once per instance after global setup.</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    public virtual Task SetupAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Runs once per instance after every instance's <see cref="SetupAsync"/> completed.</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    public virtual Task PostSetupAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Runs once per instance after the last iteration (also after a failure), before <see cref="CleanupAsync"/>.</summary>
    /// <param name="cancellationToken">Not cancelled by Ctrl+C: cleanup always gets to finish.</param>
    public virtual Task PreCleanupAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Runs once per instance; undoes <see cref="SetupAsync"/>. Skipped with <c>--no-cleanup</c>.</summary>
    /// <param name="cancellationToken">Not cancelled by Ctrl+C: cleanup always gets to finish.</param>
    public virtual Task CleanupAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Runs once per run on the first instance; undoes <see cref="GlobalSetupAsync"/>. Skipped with <c>--no-cleanup</c>.</summary>
    /// <param name="cancellationToken">Not cancelled by Ctrl+C: cleanup always gets to finish.</param>
    public virtual Task GlobalCleanupAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Releases what the instance holds; always called last, also after a failure.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Override to release resources asynchronously.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    /// <summary>
    /// Reads a required environment variable, failing with a message that names it when it is
    /// missing or empty.
    /// </summary>
    /// <param name="name">The variable's name.</param>
    /// <returns>The variable's value.</returns>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string GetEnvironmentVariable(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException(
                $"The environment variable '{name}' is required by this test but is not set. Set {name} and run again.");
        }

        return value;
    }
}
