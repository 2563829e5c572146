using System.Collections.Concurrent;
using Netperf.Core.Pairs;

namespace Netperf.Tool.Bench;

/// <summary>A provider that records how long each pair took to create and to delete (the benchmark's per-pair figures).</summary>
internal sealed class TimedVmPairProvider(IVmPairProvider inner, TimeProvider time) : IVmPairProvider
{
    public string Environment => inner.Environment;

    public ConcurrentBag<double> CreateSeconds { get; } = [];

    public ConcurrentBag<double> DeleteSeconds { get; } = [];

    public async Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var pair = await inner.CreatePairAsync(request, cancellationToken);
        CreateSeconds.Add(time.GetElapsedTime(started).TotalSeconds);
        return pair;
    }

    public async Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        await inner.DeletePairAsync(pairId, cancellationToken);
        DeleteSeconds.Add(time.GetElapsedTime(started).TotalSeconds);
    }

    public Task<VmPair> OpenPairAsync(string pairId, CancellationToken cancellationToken = default) => inner.OpenPairAsync(pairId, cancellationToken);

    public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) => inner.ListPairsAsync(cancellationToken);

    public Task<bool> ExtendExpiryAsync(string pairId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        inner.ExtendExpiryAsync(pairId, expiresAt, cancellationToken);

    public string? CheckSpec(MachineSpec spec) => inner.CheckSpec(spec);
}
