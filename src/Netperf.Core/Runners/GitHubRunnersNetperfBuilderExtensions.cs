using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting;
using Netperf.Core.Janitor;
using Netperf.Core.Matrix;
using Netperf.Core.Runners.Internal;

namespace Netperf.Core.Runners;

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
        var services = builder.Services;
        var github = services.AddOptions<GitHubOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(GitHubOptions.SectionName).Bind(o))
            .ValidateOnStart();
        if (configure is not null)
        {
            github.Configure(configure);
        }

        services.AddOptions<RunnerInstallOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(RunnerInstallOptions.SectionName).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunnerInstallOptions>, RunnerInstallOptionsValidator>());
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
