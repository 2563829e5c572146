using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Pairs.Internal;
using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

/// <summary>
/// Creates one pair and makes it test-ready, all or nothing: when creation, bootstrapping or the
/// readiness proof fails, or the caller cancels, the pair is deleted before the error leaves.
/// The pool uses it for every pair; hosts that keep pairs beyond their own lifetime (a CLI's
/// <c>pairs create</c>) use it directly. A provider that is an <see cref="IPairBootstrapObserver"/> hears how each of
/// its pairs bootstrapped.
/// </summary>
public sealed class PairProvisioner
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(5);
    private readonly VmPairProviderCatalog _providers;
    private readonly IPairBootstrapper _bootstrapper;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the provisioner.</summary>
    /// <param name="providers">The pair providers.</param>
    /// <param name="bootstrapper">Makes pairs ready.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public PairProvisioner(VmPairProviderCatalog providers, IPairBootstrapper bootstrapper, TimeProvider? timeProvider = null, ILogger<PairProvisioner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(bootstrapper);
        _providers = providers;
        _bootstrapper = bootstrapper;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PairProvisioner>.Instance;
    }

    /// <summary>The providers pairs are made with.</summary>
    internal VmPairProviderCatalog Providers => _providers;

    /// <summary>Creates a pair, bootstraps it and proves it ready.</summary>
    /// <param name="request">What to create; a pair id is generated when it has none.</param>
    /// <param name="requirements">What the pair needs beyond a session.</param>
    /// <param name="cancellationToken">Cancels provisioning; the pair is then deleted.</param>
    /// <returns>The ready pair and its readiness report.</returns>
    /// <exception cref="PairProvisioningException">Creation or bootstrapping failed; nothing is left behind.</exception>
    public Task<ProvisionedPair> ProvisionAsync(PairRequest request, BootstrapRequirements? requirements = null, CancellationToken cancellationToken = default) =>
        ProvisionAsync(request, requirements ?? BootstrapRequirements.None, onCreated: null, cancellationToken);

    internal async Task<ProvisionedPair> ProvisionAsync(PairRequest request, BootstrapRequirements requirements, Action<VmPair>? onCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requirements);
        var provider = _providers.Get(request.Spec.Environment);
        if (string.IsNullOrWhiteSpace(request.PairId))
        {
            request = request with { PairId = PairIdGenerator.New() };
        }

        if (requirements.RequirePowerShell && !request.RequirePowerShell)
        {
            // The provider sets up what PowerShell needs (the peer's powershell subsystem) and refuses an image without it.
            request = request with { RequirePowerShell = true };
        }

        var pairId = request.PairId!;
        VmPair? pair = null;
        try
        {
            try
            {
                pair = await provider.CreatePairAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not PairProvisioningException and not PairRequestException)
            {
                throw new PairProvisioningException("create", $"The {provider.Environment} provider could not create pair {pairId} ({request.Spec}): {ex.Message}", ex);
            }

            onCreated?.Invoke(pair);
            ReadinessReport report;
            try
            {
                report = await _bootstrapper.BootstrapAsync(pair, requirements, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Observe(provider, pair, Failed(pair.Id, ex.Message));
                if (ex is PairProvisioningException)
                {
                    throw;
                }

                throw new PairProvisioningException("bootstrap", $"Bootstrapping pair {pairId} failed: {ex.Message}", ex);
            }

            Observe(provider, pair, report);

            if (!report.IsReady)
            {
                var failed = report.FirstFailure;
                throw new PairProvisioningException(
                    "bootstrap:" + (failed?.Name ?? "prove-ready"),
                    $"Pair {pairId} is not ready: {failed?.Detail ?? "the readiness proof did not pass"}. See the readiness report for each step.");
            }

            return new ProvisionedPair(pair, report);
        }
        catch
        {
            // All or nothing: whatever exists of the pair goes, even when the caller cancelled.
            await DeleteQuietlyAsync(provider, pairId).ConfigureAwait(false);
            throw;
        }
    }

    private void Observe(IVmPairProvider provider, VmPair pair, ReadinessReport report)
    {
        if (provider is not IPairBootstrapObserver observer)
        {
            return;
        }

        try
        {
            observer.ReportBootstrap(pair, report);
        }
#pragma warning disable CA1031 // A provider's bookkeeping must not fail the pair it reports on; the failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PoolLog.ObserverFailed(_logger, pair.Id, provider.Environment, ex);
        }
    }

    private static ReadinessReport Failed(string pairId, string detail) => new()
    {
        PairId = pairId,
        IsReady = false,
        Transport = "unknown",
        Steps = [new ReadinessStep { Name = "bootstrap", Outcome = ReadinessStepOutcome.Failed, Duration = TimeSpan.Zero, Detail = detail }],
    };

    internal async Task DeleteQuietlyAsync(IVmPairProvider provider, string pairId)
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout, _time);
        try
        {
            await provider.DeletePairAsync(pairId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            PoolLog.CleanupFailed(_logger, pairId, provider.Environment, ex);
        }
    }
}
