using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Netperf.Core.Hosting.Internal;

/// <summary>
/// Binds options from one configuration section, when there is one. Registered once per options type (by
/// <see cref="NetperfBuilderExtensions.AddNetperfOptions{TOptions, TValidator}"/> through <c>TryAddEnumerable</c>), so
/// registering a package twice binds once; a host without configuration keeps the documented defaults.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class ConfigurationSectionBinding<TOptions>(IConfigurationSection? section) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options) => section?.Bind(options);
}
