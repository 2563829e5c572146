namespace Netperf.Core.Runs.Internal;

/// <summary>
/// Orders a run's runner installations as they arrive (a job's as soon as its pair is leased, while other jobs still
/// wait for theirs): one at a time per pair, since several jobs may share a pair and each installation prepares its
/// folder and registers through the pair's one client session; at most <c>maxParallel</c> at once over all pairs.
/// </summary>
internal sealed class RunnerInstallQueue : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<string, SemaphoreSlim> _pairs = new(StringComparer.Ordinal);

    public RunnerInstallQueue(int maxParallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        _slots = new SemaphoreSlim(maxParallel, maxParallel);
    }

    /// <summary>Runs <paramref name="install"/> once the pair has no other installation going and a slot is free.</summary>
    /// <param name="pairId">The pair whose client gets the runner.</param>
    /// <param name="install">The installation.</param>
    /// <param name="cancellationToken">Stops waiting, and is passed to <paramref name="install"/>.</param>
    /// <returns>A task that completes when the installation has.</returns>
    public async Task RunAsync(string pairId, Func<CancellationToken, Task> install, CancellationToken cancellationToken)
    {
        SemaphoreSlim pair;
        lock (_pairs)
        {
            if (!_pairs.TryGetValue(pairId, out pair!))
            {
                pair = new SemaphoreSlim(1, 1);
                _pairs.Add(pairId, pair);
            }
        }

        // The pair's turn first: an installation waiting behind another on its pair must not hold a slot another pair could use.
        await pair.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await install(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            pair.Release();
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        lock (_pairs)
        {
            foreach (var pair in _pairs.Values)
            {
                pair.Dispose();
            }
        }
    }
}
