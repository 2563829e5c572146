using Microsoft.Extensions.Configuration;
using Netperf.Core.Hosting;

namespace Netperf.Core.Environments;

/// <summary>
/// Chooses environments by name, or <c>auto</c>, from those a host knows (in its order of preference), and registers
/// them. Hosts compose it from the environment packages they reference, for example
/// <c>new EnvironmentSelector([new LabEnvironment(), new LocalEnvironment(), new AzureEnvironment()])</c>, so no
/// environment package depends on another.
/// </summary>
public sealed class EnvironmentSelector
{
    /// <summary>The name that lets the selector choose: <c>auto</c>.</summary>
    public const string Auto = "auto";

    /// <summary>Creates the selector.</summary>
    /// <param name="environments">The known environments, most preferred first (the order <c>auto</c> tries them in).</param>
    /// <exception cref="ArgumentException">Two environments share a name, or one is named <c>auto</c>.</exception>
    public EnvironmentSelector(IEnumerable<INetperfEnvironment> environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        Environments = [.. environments];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var environment in Environments)
        {
            if (string.Equals(environment.Name, Auto, StringComparison.OrdinalIgnoreCase) || !names.Add(environment.Name))
            {
                throw new ArgumentException($"The environment name '{environment.Name}' is reserved or given twice; each environment needs its own name.", nameof(environments));
            }
        }
    }

    /// <summary>The known environments, most preferred first.</summary>
    public IReadOnlyList<INetperfEnvironment> Environments { get; }

    /// <summary>The names a user may ask for: <c>auto</c> and each environment's, for messages and help.</summary>
    public IReadOnlyList<string> Names => [Auto, .. Environments.Select(e => e.Name)];

    /// <summary>
    /// The environments to try, most preferred first. <c>auto</c> gives every available environment that
    /// <see cref="INetperfEnvironment.SelectedByAuto"/> allows (a harness falls back from one to the next); a name gives that
    /// environment alone.
    /// </summary>
    /// <param name="requested">A name (any case) or <c>auto</c>.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>At least one environment.</returns>
    /// <exception cref="InvalidOperationException">
    /// The name is unknown (the message lists the known ones), the environment is not available here (the message says why
    /// and how to fix it), or <c>auto</c> found none.
    /// </exception>
    public IReadOnlyList<INetperfEnvironment> Resolve(string requested, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requested);
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.Equals(requested, Auto, StringComparison.OrdinalIgnoreCase))
        {
            var checks = Environments.Where(e => e.SelectedByAuto).Select(e => (Environment: e, Availability: e.CheckAvailability(configuration))).ToList();
            var chosen = checks.Where(c => c.Availability.IsAvailable).Select(c => c.Environment).ToList();
            return chosen.Count > 0
                ? chosen
                : throw new InvalidOperationException(
                    $"No environment is available for '{Auto}': {string.Join("; ", checks.Select(c => $"{c.Environment.Name}: {c.Availability.Reason}"))}. Name one with --env.");
        }

        var environment = Find(requested);
        var availability = environment.CheckAvailability(configuration);
        return availability.IsAvailable
            ? [environment]
            : throw new InvalidOperationException($"The {environment.Name} environment is not available here: {availability.Reason}");
    }

    /// <summary>Finds a known environment by name (any case).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The environment.</returns>
    /// <exception cref="InvalidOperationException">No environment has the name; the message lists the known ones.</exception>
    public INetperfEnvironment Find(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Unknown environment '{name}'; use {string.Join(", ", Names)}.");
    }

    /// <summary>Registers each of <paramref name="environments"/> (as <see cref="Resolve"/> returned them).</summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="environments">The environments.</param>
    /// <param name="configuration">The host's configuration.</param>
    public static void Register(NetperfBuilder builder, IEnumerable<INetperfEnvironment> environments, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environments);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var environment in environments)
        {
            environment.Register(builder, configuration);
        }
    }

    /// <summary>
    /// Registers every environment the configuration asks for (<see cref="EnvironmentAvailability.IsConfigured"/>), as a
    /// command line that serves them all does; a detected-only environment (the single-machine lab) waits to be configured.
    /// An environment asked for but misconfigured fails here, with its own exception (a missing inventory file).
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The environments registered.</returns>
    public IReadOnlyList<INetperfEnvironment> RegisterConfigured(NetperfBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = Environments.Where(e => e.CheckAvailability(configuration).IsConfigured).ToList();
        Register(builder, configured, configuration);
        return configured;
    }
}
