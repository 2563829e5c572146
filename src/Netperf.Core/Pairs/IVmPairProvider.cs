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

    /// <summary>
    /// Opens sessions to a pair that exists (made by this process or another, such as an earlier <c>netperf pairs create</c>),
    /// to run commands on it; nothing of the pair is changed. Dispose the machines' shells when done. The default throws
    /// <see cref="NotSupportedException"/>: such a provider's pairs are used by the process that made them.
    /// </summary>
    /// <param name="pairId">The pair id.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The pair, with sessions to its machines.</returns>
    /// <exception cref="InvalidOperationException">The pair does not exist.</exception>
    /// <exception cref="NotSupportedException">This provider cannot open pairs it did not make in this process.</exception>
    Task<VmPair> OpenPairAsync(string pairId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {Environment} environment cannot open an existing pair from another process; use the pair from the process that made it.");

    /// <summary>Lists the pairs that exist in this environment, with their tags, for the janitor.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>
    /// What exists; resources without ownership tags may be listed but the janitor never touches them, except records
    /// the provider marks <see cref="PairRecord.IsRemnant"/> (what a crash left in its own private state).
    /// </returns>
    Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a pair's persisted <see cref="OwnershipTags.Expires"/> to <paramref name="expiresAt"/> when that is later (never
    /// earlier). The pair pool calls it while the pair's leases are renewed, so the janitor, which judges by the persisted
    /// expiry, never deletes a pair in use however long the run lasts. The default stores nothing and returns
    /// <see langword="false"/>: such a provider's pairs may be deleted by the janitor once their first expiry has passed.
    /// </summary>
    /// <param name="pairId">The pair id.</param>
    /// <param name="expiresAt">The new expiry.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns><see langword="true"/> when the expiry is stored (or was already that late); <see langword="false"/> when this provider cannot store it.</returns>
    /// <exception cref="InvalidOperationException">The pair does not exist (any more).</exception>
    Task<bool> ExtendExpiryAsync(string pairId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Task.FromResult(false);

    /// <summary>
    /// Why this provider cannot make a pair of <paramref name="spec"/> at all (an OS family it does not run, an image no
    /// host of it has), or <see langword="null"/> when it may (creating can still fail). A run plan asks before it makes
    /// anything, so an impossible matrix row is refused up front. The default says <see langword="null"/>.
    /// </summary>
    /// <param name="spec">The spec (its environment is this provider's).</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    string? CheckSpec(MachineSpec spec) => null;
}
