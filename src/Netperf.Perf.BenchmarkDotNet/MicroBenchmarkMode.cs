using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using Netperf.Perf.Hosting;

namespace Netperf.Perf.BenchmarkDotNet;

/// <summary>
/// <c>micro ...</c>: hands the arguments to BenchmarkDotNet's switcher over the test assemblies. A plug-in mode:
/// <see cref="PerfProgram"/> finds it when this assembly is passed to <see cref="PerfProgram.RunAsync(string[], System.Reflection.Assembly[])"/>.
/// </summary>
public sealed class MicroBenchmarkMode : IPerfProgramMode
{
    /// <inheritdoc />
    public string Name => "micro";

    /// <inheritdoc />
    public string Description => "Run BenchmarkDotNet micro-benchmarks of the test assemblies (arguments go to BenchmarkSwitcher, e.g. --filter '*').";

    /// <inheritdoc />
    public bool Hidden => false;

    /// <inheritdoc />
    public Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var plumbing = new[] { typeof(MicroBenchmarkMode).Assembly, typeof(PerfProgram).Assembly };
        var assemblies = context.Assemblies.Where(a => !plumbing.Contains(a)).ToArray();
        if (assemblies.Length == 0)
        {
            context.Error.WriteLine("No assembly to look for micro-benchmarks in: pass the test assembly to PerfProgram.RunAsync.");
            return Task.FromResult(PerfExitCodes.UsageError);
        }

        // BenchmarkDotNet's switcher prints its help for arguments it does not take and returns no summaries: exit 0.
        // Its own parser first, quietly: bad arguments are one line on stderr and exit 2 (help and --version go through).
        if (!arguments.Any(a => a is "--help" or "-h" or "-?" or "--version") && Refusal(arguments) is { } refusal)
        {
            context.Error.WriteLine($"micro: {refusal} Run 'micro --help' for BenchmarkDotNet's options.");
            return Task.FromResult(PerfExitCodes.UsageError);
        }

        // BenchmarkDotNet runs synchronously and prints to the console itself.
        var summaries = BenchmarkSwitcher.FromAssemblies(assemblies).Run([.. arguments]).ToList();
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return Task.FromResult(failed ? PerfExitCodes.TestFailed : PerfExitCodes.Success);
    }

    /// <summary>Why BenchmarkDotNet's parser refuses <paramref name="arguments"/> (its "ERROR(S):" lines, on one line), or null.</summary>
    private static string? Refusal(IReadOnlyList<string> arguments)
    {
        var log = new AccumulationLogger();
        var (isSuccess, _, _) = ConfigParser.Parse([.. arguments], log);
        if (isSuccess)
        {
            return null;
        }

        var lines = log.GetLog().ReplaceLineEndings("\n").Split('\n');
        var errors = lines.SkipWhile(l => !l.TrimStart().StartsWith("ERROR(S):", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith(' ') && l.Trim().Length > 0).Select(l => l.Trim()).ToList();
        if (errors.Count == 0)
        {
            errors = [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0).Take(1)];
        }

        return errors.Count == 0 ? "BenchmarkDotNet did not take the arguments." : string.Join(" ", errors);
    }
}
