using System.Collections.Concurrent;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Testing.Pairs;

/// <summary>
/// A bootstrapper for in-memory pairs: "proves" readiness by running <c>true</c> through the
/// client's shell, and fails where told to (<see cref="FailureRate"/>, seeded; <see cref="Fault"/>).
/// It records which pairs it reported ready so tests can check that jobs ran only on those.
/// </summary>
public sealed class FakePairBootstrapper(TimeProvider? timeProvider = null, int seed = 2) : IPairBootstrapper
{
    private readonly object _gate = new();
    private readonly Random _random = new(seed);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, ReadinessReport> _reports = new(StringComparer.Ordinal);

    /// <summary>The chance (0..1) that bootstrapping a pair fails.</summary>
    public double FailureRate { get; set; }

    /// <summary>Decides per pair whether bootstrapping fails (a non-null step name) or throws.</summary>
    public Func<VmPair, string?>? Fault { get; set; }

    /// <summary>True to throw instead of returning a not-ready report on failure.</summary>
    public bool ThrowOnFailure { get; set; }

    /// <summary>How long bootstrapping takes on the injected clock.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Ids of the pairs reported ready.</summary>
    public IReadOnlyCollection<string> ReadyPairIds => _reports.Where(r => r.Value.IsReady).Select(r => r.Key).ToList();

    /// <summary>How many pairs were reported not ready.</summary>
    public int FailedCount => _reports.Count(r => !r.Value.IsReady);

    /// <inheritdoc />
    public async Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, _time, cancellationToken).ConfigureAwait(false);
        }

        string? failedStep;
        lock (_gate)
        {
            failedStep = Fault?.Invoke(pair) ?? (FailureRate > 0 && _random.NextDouble() < FailureRate ? "prove-ready" : null);
        }

        var proof = await pair.Client.Shell.RunAsync(new() { Text = "true" }, cancellationToken).ConfigureAwait(false);
        var ready = failedStep is null && proof.Succeeded;
        var report = new ReadinessReport
        {
            PairId = pair.Id,
            Transport = "memory",
            IsReady = ready,
            Steps =
            [
                new ReadinessStep
                {
                    Name = failedStep ?? "prove-ready",
                    Outcome = ready ? ReadinessStepOutcome.Succeeded : ReadinessStepOutcome.Failed,
                    Duration = Delay,
                    Detail = ready ? "client ran a command on netperf-peer" : "injected bootstrap failure",
                },
            ],
        };
        _reports[pair.Id] = report;
        if (!ready && ThrowOnFailure)
        {
            throw new InvalidOperationException($"Injected bootstrap failure on pair {pair.Id} at {failedStep}.");
        }

        return report;
    }
}
