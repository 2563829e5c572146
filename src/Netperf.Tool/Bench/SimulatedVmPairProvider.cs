using System.Collections.Concurrent;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Tool.Bench;

/// <summary>
/// The <c>simulated</c> environment of <c>bench pairs</c>: creating a pair takes a fixed delay (like a
/// cloud API), nothing else happens. It measures the pool's own overhead and parallelism, not a real
/// environment; its pairs live in this process only and its machines run no commands.
/// </summary>
internal sealed class SimulatedVmPairProvider(TimeSpan creationDelay, TimeProvider time) : IVmPairProvider
{
    private readonly ConcurrentDictionary<string, PairRecord> _pairs = new(StringComparer.Ordinal);

    public string Environment => "simulated";

    public int Count => _pairs.Count;

    public async Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        var id = request.PairId ?? Guid.NewGuid().ToString("N")[..10];
        var created = time.GetUtcNow();
        var tags = OwnershipTags.Create(request, id, created + request.TimeToLive);
        await Task.Delay(creationDelay, time, cancellationToken);
        _pairs[id] = new PairRecord { Id = id, Environment = Environment, Tags = tags, CreatedAt = created };
        return new VmPair
        {
            Id = id,
            Spec = request.Spec,
            Client = Machine($"{id}-client", request.Spec),
            Peer = Machine($"{id}-peer", request.Spec),
            Owner = request.Owner,
            RunId = request.RunId,
            CreatedAt = created,
            ExpiresAt = created + request.TimeToLive,
            Tags = tags,
        };
    }

    public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        _pairs.TryRemove(pairId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PairRecord>>([.. _pairs.Values]);

    private static Machine Machine(string name, MachineSpec spec) => new()
    {
        Name = name,
        Addresses = ["127.0.0.1"],
        OsFamily = spec.OsFamily,
        Shell = new SimulatedShell(name),
    };

    /// <summary>A simulated machine has no processes: every command is refused.</summary>
    private sealed class SimulatedShell(string name) : IRemoteShell
    {
        public string Description => $"simulated://{name}";

        public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"{Description} is a simulated machine for benchmarking the pool; it runs no commands.");

        public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"{Description} is a simulated machine; it holds no files.");

        public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"{Description} is a simulated machine; it holds no files.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
