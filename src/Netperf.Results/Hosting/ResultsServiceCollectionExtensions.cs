using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Results.Hosting.Internal;

namespace Netperf.Results.Hosting;

/// <summary>Registers results that outlive a run.</summary>
public static class ResultsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ResultHistory"/> (a singleton) with <see cref="ResultsOptions"/> bound from
    /// <c>Netperf:Results</c> (when the host has configuration) and validated at start-up: a bad store setting or
    /// detection option stops the host with a message naming the setting. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNetperfResults(this IServiceCollection services, Action<ResultsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        var options = services.AddOptions<ResultsOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(ResultsOptions.SectionName).Bind(o))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResultsOptions>, ResultsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ResultHistory(
            sp.GetRequiredService<IOptions<ResultsOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<ResultHistory>>()));
        return services;
    }
}
