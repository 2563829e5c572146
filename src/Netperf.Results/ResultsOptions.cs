using Netperf.Results.Detection;

namespace Netperf.Results;

/// <summary>
/// Options of <see cref="ResultHistory"/> (configuration section <c>Netperf:Results</c>), validated at start-up
/// by <see cref="Hosting.ResultsServiceCollectionExtensions.AddNetperfResults(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{ResultsOptions}?)"/>.
/// </summary>
public sealed class ResultsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Netperf:Results";

    /// <summary>
    /// The store: a SQLite file path, or a PostgreSQL connection string (<c>Host=...</c> or <c>postgresql://...</c>;
    /// keep the password in <c>PGPASSWORD</c> or <c>~/.pgpass</c>). Default null: <see cref="Storage.ResultStore.DefaultLocation"/>.
    /// </summary>
    public string? Store { get; set; }

    /// <summary>How changes are found and judged.</summary>
    public ChangePointOptions Detection { get; set; } = new();

    /// <summary>
    /// Options of a results file that do not split a bucket; null for <see cref="Ingest.ResultFile.DefaultIgnoredOptions"/>
    /// (results and status output, the peer's address and how its server starts).
    /// </summary>
    public IList<string>? IgnoredOptions { get; set; }
}
