namespace Netperf.Core.GitHub;

/// <summary>
/// Registers, lists, labels and removes self-hosted runners (GitHub Actions) in one repository or
/// organization. Implementations never log or throw the secrets they hand out.
/// </summary>
public interface IRunnerRegistry
{
    /// <summary>A secret-free description of where runners are registered, such as <c>repo netperf/netperf</c>.</summary>
    string Scope { get; }

    /// <summary>The URL <c>config.sh --url</c> needs for this scope (for example <c>https://github.com/owner/repo</c>).</summary>
    Uri RegistrationUrl { get; }

    /// <summary>Creates a registration token for <c>config.sh</c> (valid for one hour).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token.</returns>
    Task<RunnerRegistrationToken> CreateRegistrationTokenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a just-in-time configuration for an ephemeral runner that takes one job and unregisters
    /// itself (the preferred way). The labels are checked with <see cref="RunnerLabels.Validate"/> first.
    /// </summary>
    /// <param name="request">The runner's name, labels, OS and architecture.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The configuration and the (offline) runner GitHub created.</returns>
    Task<JitRunnerConfig> CreateJitConfigAsync(JitRunnerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists every runner, following pagination to the last page.</summary>
    /// <param name="name">Only runners with exactly this name; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>All runners.</returns>
    Task<IReadOnlyList<RunnerInfo>> ListRunnersAsync(string? name = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one runner.</summary>
    /// <param name="runnerId">The runner id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The runner, or <see langword="null"/> when it does not exist.</returns>
    Task<RunnerInfo?> GetRunnerAsync(long runnerId, CancellationToken cancellationToken = default);

    /// <summary>Adds custom labels to a runner (checked with <see cref="RunnerLabels.Validate"/> first).</summary>
    /// <param name="runnerId">The runner id.</param>
    /// <param name="labels">The labels to add.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>All labels of the runner afterwards.</returns>
    Task<IReadOnlyList<RunnerLabel>> AddLabelsAsync(long runnerId, IEnumerable<string> labels, CancellationToken cancellationToken = default);

    /// <summary>Removes one custom label from a runner; removing a label the runner does not carry is not an error.</summary>
    /// <param name="runnerId">The runner id.</param>
    /// <param name="label">The label to remove.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>All labels of the runner afterwards.</returns>
    Task<IReadOnlyList<RunnerLabel>> RemoveLabelAsync(long runnerId, string label, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a runner. A busy runner (running a job) is refused with <see cref="RunnerBusyException"/>
    /// unless <paramref name="force"/> is set, because deleting it fails the job it runs.
    /// </summary>
    /// <param name="runnerId">The runner id.</param>
    /// <param name="force">Delete even when the runner is busy.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns><see langword="true"/> when deleted; <see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteRunnerAsync(long runnerId, bool force = false, CancellationToken cancellationToken = default);
}
