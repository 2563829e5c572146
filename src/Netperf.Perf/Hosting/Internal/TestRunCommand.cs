using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Discovery;
using Netperf.Perf.Export;
using Netperf.Perf.Export.Internal;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Hosting.Internal;

/// <summary><c>TEST [options]</c>: resolves the test, parses and validates its options, runs it, writes the results file.</summary>
internal static class TestRunCommand
{
    public static async Task<int> RunAsync(PerfProgramContext context, string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var test = context.Catalog.Find(name);
        if (test is null)
        {
            var closest = context.Catalog.ClosestMatches(name);
            var hint = closest.Count > 0 ? $" Did you mean: {string.Join(", ", closest)}?" : string.Empty;
            var key = Discovery.Internal.NameMatcher.Normalize(name);
            var notTaken = context.Catalog.Skipped
                .Where(s => Discovery.Internal.NameMatcher.Normalize(s.Split(' ', 2)[0].Split('.').Last()) == key)
                .Select(s => $" A type of that name was not taken: {s}.");
            await context.Error.WriteLineAsync($"Unknown test '{name}'.{hint}{string.Concat(notTaken)} Run with --list --verbose to see why types were not taken.").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        var parser = new PerfOptionsParser(test.Name, test.Description, test.OptionsType);
        var parsed = parser.Parse(arguments, context.Output);
        if (parsed.HelpRequested)
        {
            return PerfExitCodes.Success;
        }

        if (parsed.Options is null)
        {
            // One line: what is wrong (System.CommandLine's own messages may span lines) and where the options are listed.
            var errors = string.Join(" ", parsed.Errors.Select(OneLine));
            await context.Error.WriteLineAsync($"{errors} Run '{test.Name} --help' to list its options.").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        if (parsed.Options.ResultsFile is { } resultsFile && Results.Internal.ResultsFileTarget.Problem(resultsFile) is { } unwritable)
        {
            await context.Error.WriteLineAsync($"Option '--results-file' {unwritable}.").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        IReadOnlyList<IPerfExporter> exporters;
        try
        {
            exporters = PerfExporters.Select(parsed.Options.Export, context.Exporters);
        }
        catch (ArgumentException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        var problems = context.RunFeatures.SelectMany(f => f.Validate(parsed.Options)).ToList();
        if (parsed.Options.Profile && !context.RunFeatures.Any(f => string.Equals(f.Name, "profile", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add("--profile needs the Netperf.Perf.Diagnostics plug-in: reference the package and pass " +
                "typeof(Netperf.Perf.Diagnostics.Profiling.ProfileFeature).Assembly to PerfProgram.RunAsync.");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }

            return PerfExitCodes.UsageError;
        }

        var result = await RunTestAsync(context, test, parsed.Options, exporters, arguments, cancellationToken).ConfigureAwait(false);
        if (parsed.Options.ResultsFile is { Length: > 0 } path)
        {
            try
            {
                await PerfResultsFile.WriteAsync(path, result, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Checked before the run, but the disk may fill or the folder go meanwhile: the run's figures are above.
                await context.Error.WriteLineAsync($"The results could not be written to {Path.GetFullPath(path)}: {ex.Message}").ConfigureAwait(false);
                return PerfExitCodes.TestFailed;
            }

            await context.Output.WriteLineAsync($"Results written to {Path.GetFullPath(path)}").ConfigureAwait(false);
        }

        return result.Status switch
        {
            PerfRunStatus.Succeeded => PerfExitCodes.Success,
            PerfRunStatus.Cancelled => PerfExitCodes.Cancelled,
            _ => PerfExitCodes.TestFailed,
        };
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Runs a parsed test in this process. The multi-process coordinator branches here.</summary>
    private static Task<PerfRunResult> RunTestAsync(
        PerfProgramContext context, PerfTestDescriptor test, PerfOptions options, IReadOnlyList<IPerfExporter> exporters, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var reporter = new ExportingReporter(context.ReporterFactory(context), options, exporters, context.Output, context.Error, context.TimeProvider);
        var processes = Processes.Internal.MultiProcessRunner.ResolveProcessCount(options);
        if (processes > 1)
        {
            var plan = Processes.ProcessPlan.Create(options.Parallel, processes);
            return new Processes.Internal.MultiProcessRunner(test, options, plan, arguments, reporter, context.Output, context.Error, context.TimeProvider)
                .RunAsync(cancellationToken);
        }

        // Runtime settings read once at the first socket (nothing of the run has opened one yet).
        foreach (var (variable, value) in options.ProcessEnvironment())
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        var runner = new PerfRunner(test, options, new PerfRunnerSettings
        {
            TimeProvider = context.TimeProvider,
            Reporter = reporter,
            Features = context.RunFeatures,
            Arguments = arguments,
        });
        return runner.RunAsync(cancellationToken);
    }
}
