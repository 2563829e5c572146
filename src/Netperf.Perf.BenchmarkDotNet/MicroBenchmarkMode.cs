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

        // BenchmarkDotNet runs synchronously and prints to the console itself.
        var summaries = BenchmarkSwitcher.FromAssemblies(assemblies).Run([.. arguments]).ToList();
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return Task.FromResult(failed ? PerfExitCodes.TestFailed : PerfExitCodes.Success);
    }
}
