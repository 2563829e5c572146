namespace Netperf.Core.Pairs;

/// <summary>
/// Creates and deletes pairs in one environment. Creation is all-or-nothing: when any step fails,
/// whatever was made for that pair is deleted before the exception leaves the provider.
/// Every resource a provider makes carries the <see cref="OwnershipTags"/>.
/// </summary>
public interface IVmPairProvider
{
    /// <summary>The environment this provider serves (<c>local</c>, <c>lab</c>, <c>azure</c>, ...).</summary>
    string Environment { get; }

    /// <summary>Creates a pair; the machines are up and reachable but not yet bootstrapped.</summary>
    /// <param name="request">What to create.</param>
    /// <param name="cancellationToken">Cancels creation; a cancelled creation leaves nothing behind.</param>
    /// <returns>The new pair.</returns>
    Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a pair and every resource of it. Deleting a pair that no longer exists succeeds.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>A task that completes when the pair is gone.</returns>
    Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default);

    /// <summary>Lists the pairs that exist in this environment, with their tags, for the janitor.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>
    /// What exists; resources without ownership tags may be listed but the janitor never touches them, except records
    /// the provider marks <see cref="PairRecord.IsRemnant"/> (what a crash left in its own private state).
    /// </returns>
    Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default);
}
