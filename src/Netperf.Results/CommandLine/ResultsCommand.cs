using System.CommandLine;
using Netperf.Results.CommandLine.Internal;

namespace Netperf.Results.CommandLine;

/// <summary>
/// The <c>results</c> command and its verbs (<c>ingest</c>, <c>import-csv</c>, <c>export-csv</c>, <c>history</c>,
/// <c>check</c>, <c>dashboard</c>) for a System.CommandLine root: mount it with <c>root.Add(ResultsCommand.Create())</c>.
/// Every verb takes <c>--store</c> (a SQLite path or a PostgreSQL connection string; default
/// <c>$NETPERF_RESULTS_STORE</c>, else <c>netperf-results/history.db</c>) and runs <see cref="ResultHistory"/> through
/// <see cref="Hosting.ResultsServiceCollectionExtensions.AddNetperfResults"/>, so options are validated as in a host.
/// Exit codes are <see cref="ResultsExitCodes"/>; a host that maps System.CommandLine's parse errors to
/// <see cref="ResultsExitCodes.BadInput"/> (as the <c>netperf</c> tool does) gives 2 for every usage error.
/// </summary>
public static class ResultsCommand
{
    /// <summary>The variable that names the default store.</summary>
    public const string StoreVariable = "NETPERF_RESULTS_STORE";

    /// <summary>Creates the <c>results</c> command.</summary>
    /// <returns>The command, named <c>results</c>.</returns>
    public static Command Create()
    {
        var command = new Command("results", "Results that outlive a run: a history store, regression checks and a dashboard.");
        command.Add(ResultsVerbs.Ingest());
        command.Add(ResultsVerbs.ImportCsv());
        command.Add(ResultsVerbs.ExportCsv());
        command.Add(ResultsVerbs.History());
        command.Add(ResultsVerbs.Check());
        command.Add(ResultsVerbs.Dashboard());
        return command;
    }
}
