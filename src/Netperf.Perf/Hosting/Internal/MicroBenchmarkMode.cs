using BenchmarkDotNet.Running;

namespace Netperf.Perf.Hosting.Internal;

/// <summary><c>micro ...</c>: hands the arguments to BenchmarkDotNet's switcher over the test assemblies.</summary>
internal sealed class MicroBenchmarkMode : IPerfProgramMode
{
    public string Name => "micro";

    public string Description => "Run BenchmarkDotNet micro-benchmarks of the test assemblies (arguments go to BenchmarkSwitcher, e.g. --filter '*').";

    public bool Hidden => false;

    public Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var assemblies = context.Assemblies.Where(a => a != typeof(MicroBenchmarkMode).Assembly).ToArray();
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
