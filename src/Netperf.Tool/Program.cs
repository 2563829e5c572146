// netperf: create, list and delete test-ready machine pairs, sweep leftovers, register runners, expand job matrices,
// and keep results in a history store (the results verbs of Netperf.Results).
// Add a command group with one file in Commands/ and one line below; add an environment (an
// INetperfEnvironment from its package) with one line below.
using System.CommandLine;
using Netperf.Tool.Cli;
using Netperf.Tool.Commands;
using Netperf.Azure.Hosting;
using Netperf.Core.Environments;
using Netperf.Lab.Hosting;
using Netperf.Results.CommandLine;

using var app = new ToolApp();

// Environments
app.AddEnvironment(new LocalEnvironment());
app.AddEnvironment(new AzureEnvironment());
app.AddEnvironment(new LabEnvironment());

// Commands
var root = new RootCommand("netperf: temporary, test-ready machine pairs (client and netperf-peer), their janitor, GitHub runners and job matrices.") { app.Verbose, app.CleanupTimeout };
root.Add(PairsCommand.Create(app));
root.Add(JanitorCommand.Create(app));
root.Add(MatrixCommand.Create(app));
root.Add(BenchCommand.Create(app));
root.Add(RunnersCommand.Create(app));
root.Add(ExecCommand.Create(app));
foreach (var command in RunCommands.Create(app))
{
    root.Add(command);
}

root.Add(ResultsCommand.Create());

return await app.InvokeAsync(root, args);
