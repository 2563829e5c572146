using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.GitHub;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary><c>matrix expand FILE</c>: a job matrix to GitHub Actions <c>matrix</c> JSON with <c>runs-on</c> labels.</summary>
internal static class MatrixCommand
{
    public static Command Create(ToolApp app)
    {
        var json = CommonOptions.Json();
        var file = new Argument<FileInfo>("file") { Description = "The matrix JSON: {\"os\":[..],\"env\":[..],\"arch\":[..],\"io\":[..],\"tls\":[..],\"exclude\":[..],\"include\":[..]}." };
        var expand = new Command("expand", "Expand a matrix, rejecting impossible combinations; --json prints one line for $GITHUB_OUTPUT.") { file, json };
        expand.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var expansion = await MatrixFiles.ExpandAsync(parse.GetRequiredValue(file), ct);

            var problems = new List<string>();
            foreach (var check in services.GetServices<IMatrixLabelCheck>())
            {
                problems.AddRange(await check.CheckAsync(expansion, ct));
            }

            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"error: {problem}");
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(expansion.ToGitHubMatrixJson());
            }
            else
            {
                foreach (var job in expansion.Jobs)
                {
                    await output.WriteLineAsync($"{job,-50} runs-on: [{string.Join(", ", job.GetRunsOnLabels())}]");
                }

                foreach (var dropped in expansion.Dropped)
                {
                    await output.WriteLineAsync($"dropped {dropped}");
                }

                await output.WriteLineAsync($"{expansion.Jobs.Count} job(s), {expansion.Dropped.Count} impossible combination(s) dropped.");
            }

            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));
        return new Command("matrix", "Work with job matrices.") { expand };
    }
}
