using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Pairs.Internal;
using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

/// <summary>
/// Provisions pairs for jobs and leases them out. Pairs are created on demand, with at most
/// <see cref="PairPoolOptions.MaxParallelProvisioning"/> being provisioned at once and at most
/// <see cref="PairPoolOptions.MaxPairs"/> (and <see cref="PairPoolOptions.MaxPairsPerEnvironment"/>)
/// existing; each is bootstrapped and proven ready before a job gets it. A job whose pair fails to
/// create, to bootstrap, or under the job gets a healthy pair of an interchangeable spec (least-loaded
/// first), a replacement being created when capacity allows. Leases expire without a heartbeat and
/// their pairs are reclaimed. Disposing the pool deletes every pair it created, also after cancellation.
/// Each pair follows the state machine documented on <see cref="PairState"/>.
/// </summary>
public sealed partial class PairPool : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly VmPairProviderCatalog _providers;
    private readonly PairProvisioner _provisioner;
    private readonly PairPoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _runId;
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<string, SemaphoreSlim> _environmentSlots;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<PooledPair> _pairs = [];
    private readonly List<PairSnapshot> _abandoned = [];
    private readonly List<PoolWaiter> _waiters = [];
    private readonly List<Task> _background = [];
    private readonly Dictionary<string, int> _consecutiveFailures = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    /// <summary>Creates a pool.</summary>
    /// <param name="provisioner">Creates pairs and proves them ready (through its providers and bootstrapper).</param>
    /// <param name="options">The pool's options; validated here, with the messages start-up validation gives.</param>
    /// <param name="timeProvider">The clock for leases and timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PairPool(
        PairProvisioner provisioner,
        IOptions<PairPoolOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(provisioner);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new PairPoolOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PairPoolOptions), validation.Failures);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _provisioner = provisioner;
        _providers = provisioner.Providers;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<PairPool>();
        _runId = _options.RunId ?? "pool-" + PairIdGenerator.New()[3..];
        _slots = new SemaphoreSlim(_options.MaxParallelProvisioning, _options.MaxParallelProvisioning);
        _environmentSlots = _options.MaxParallelProvisioningPerEnvironment.ToDictionary(
            e => e.Key, e => new SemaphoreSlim(e.Value, e.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The <c>netperf-run</c> tag of the pairs this pool creates.</summary>
    public string RunId => _runId;

    /// <summary>The pairs the pool holds now (provisioning, ready, leased, failing, deleting).</summary>
    /// <returns>A snapshot of each.</returns>
    public IReadOnlyList<PairSnapshot> GetPairs()
    {
        lock (_gate)
        {
            return _pairs.Select(p => p.ToSnapshot()).ToList();
        }
    }

    /// <summary>Pairs the pool could not delete (they carry ownership tags and an expiry, so the janitor removes them).</summary>
    /// <returns>A snapshot of each.</returns>
    public IReadOnlyList<PairSnapshot> GetAbandonedPairs()
    {
        lock (_gate)
        {
            return _abandoned.ToList();
        }
    }

    /// <summary>
    /// Waits for a ready pair that can serve <paramref name="job"/> and leases it, creating one when
    /// none is free and capacity allows. Renew the lease (<see cref="PairLease.Renew"/>) within
    /// <see cref="PairPoolOptions.LeaseTimeToLive"/> and dispose it when done.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Stops waiting (a pair being made for the job stays in the pool for others).</param>
    /// <returns>The lease.</returns>
    /// <exception cref="InvalidOperationException">No provider serves the job's environment.</exception>
    /// <exception cref="PairProvisioningException">Provisioning for the job's spec failed <see cref="PairPoolOptions.MaxConsecutiveProvisioningFailures"/> times in a row.</exception>
    public async Task<PairLease> AcquireAsync(PoolJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        _ = _providers.Get(job.Spec.Environment);
        cancellationToken.ThrowIfCancellationRequested();
        var started = _time.GetTimestamp();
        using var activity = CoreDiagnostics.ActivitySource.StartActivity("netperf.pool.acquire");
        activity?.SetTag("netperf.job.id", job.Id);
        activity?.SetTag("netperf.spec", job.Spec.ToString());

        var waiter = new PoolWaiter(job);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _waiters.Add(waiter);
            DispatchLocked();
        }

        using (cancellationToken.Register(() => CancelWaiter(waiter, cancellationToken)))
        {
            var lease = await waiter.Completion.Task.ConfigureAwait(false);
            CoreDiagnostics.AcquireWait.Record(_time.GetElapsedTime(started).TotalSeconds);
            activity?.SetTag("netperf.pair.id", lease.Pair.Id);
            return lease;
        }
    }

    /// <summary>
    /// Stops provisioning, ends every lease, and deletes every pair the pool created (each deletion
    /// bounded by <see cref="PairPoolOptions.DeleteTimeout"/>). Waiting jobs fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <returns>A task that completes when every pair is deleted or abandoned to the janitor.</returns>
    public async ValueTask DisposeAsync()
    {
        List<PoolWaiter> waiters;
        List<PairLease> lost;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiters = [.. _waiters];
            _waiters.Clear();
            lost = EndLeasesLocked(_pairs);
        }

        foreach (var waiter in waiters)
        {
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(PairPool), $"The pair pool was disposed while job {waiter.Job.Id} waited for a pair."));
        }

        Signal(lost);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await DrainBackgroundAsync().ConfigureAwait(false);

        lock (_gate)
        {
            var remaining = _pairs.Where(p => p.State is PairState.Ready or PairState.Leased).ToList();
            PoolLog.Disposing(_logger, remaining.Count);
            foreach (var entry in remaining)
            {
                if (entry.State == PairState.Leased)
                {
                    TransitionLocked(entry, PairState.Ready, "leases ended: pool disposing");
                }

                StartDeleteLocked(entry, "pool disposing");
            }
        }

        await DrainBackgroundAsync().ConfigureAwait(false);
        _slots.Dispose();
        foreach (var slots in _environmentSlots.Values)
        {
            slots.Dispose();
        }

        _lifetime.Dispose();
    }

    private void CancelWaiter(PoolWaiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_waiters.Remove(waiter))
            {
                return;
            }
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private async Task DrainBackgroundAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_gate)
            {
                _background.RemoveAll(t => t.IsCompleted);
                pending = [.. _background];
            }

            if (pending.Length == 0)
            {
                return;
            }

            // Each background task handles and logs its own failures; this only waits.
            await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
