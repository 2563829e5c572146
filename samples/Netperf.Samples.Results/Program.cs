// netperf-results: a tiny host for the 'results' verbs of Netperf.Results (the netperf tool mounts the same command).
// Usage errors (unknown option, missing argument) exit 2, like the verbs' own bad-input errors.
using System.CommandLine;
using Netperf.Results.CommandLine;

var root = new RootCommand("Netperf results: a history store, regression checks and a dashboard.") { ResultsCommand.Create() };
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine("Run with --help for the usage.");
    return ResultsExitCodes.BadInput;
}

return await parse.InvokeAsync();
