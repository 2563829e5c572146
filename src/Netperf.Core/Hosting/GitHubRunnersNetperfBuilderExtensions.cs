using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Netperf.Core.GitHub;
using Netperf.Core.GitHub.Internal;
using Netperf.Core.Janitor;

namespace Netperf.Core.Hosting;

/// <summary>Registers the GitHub runner registry, the run liveness check, the runner installer and the runner janitor.</summary>
public static class GitHubRunnersNetperfBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="IRunnerRegistry"/> (GitHub), <see cref="IRunLivenessCheck"/> (GitHub workflow runs, also used
    /// by the pair janitor), <see cref="IMatrixLabelCheck"/> (hosted-label collisions), <see cref="RunnerInstaller"/>
    /// and <see cref="RunnerJanitor"/>. Options come from the <c>Netperf:GitHub</c>
    /// and <c>Netperf:Runners</c> configuration sections (when an <see cref="IConfiguration"/> is registered),
    /// then <paramref name="configure"/>; they are validated at start-up.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Optional code configuration applied after the configuration section.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddGitHubRunners(this NetperfBuilder builder, Action<GitHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNetperfOptions<GitHubOptions, GitHubOptionsValidator>(GitHubOptions.SectionName, configure);
        builder.AddNetperfOptions<RunnerInstallOptions, RunnerInstallOptionsValidator>(RunnerInstallOptions.SectionName);
        var services = builder.Services;
        services.AddHttpClient(GitHubApiClient.HttpClientName);
        services.TryAddSingleton<IRunnerRegistry, GitHubRunnerRegistry>();
        services.TryAddSingleton<GitHubRunLivenessCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRunLivenessCheck, GitHubRunLivenessCheck>(sp => sp.GetRequiredService<GitHubRunLivenessCheck>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMatrixLabelCheck, HostedRunnerLabelCheck>());
        services.TryAddSingleton<RunnerInstaller>();
        services.TryAddSingleton<RunnerJanitor>();
        return builder;
    }
}
