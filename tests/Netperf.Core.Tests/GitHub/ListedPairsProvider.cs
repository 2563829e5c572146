using Netperf.Core.Pairs;

namespace Netperf.Core.Tests.GitHub;

/// <summary>A pair provider that only lists: the janitor asks it which pairs exist.</summary>
internal sealed class ListedPairsProvider(string environment, params string[] pairIds) : IVmPairProvider
{
    public string Environment => environment;

    public int ListCalls { get; private set; }

    public Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The runner janitor must never create pairs.");

    public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The runner janitor must never delete pairs.");

    public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default)
    {
        ListCalls++;
        return Task.FromResult<IReadOnlyList<PairRecord>>(pairIds
            .Select(id => new PairRecord { Id = id, Environment = environment, Tags = new Dictionary<string, string>() })
            .ToList());
    }
}
