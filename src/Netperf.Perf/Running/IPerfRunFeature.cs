namespace Netperf.Perf.Running;

/// <summary>
/// A feature that takes part in runs without the runner knowing it (model: BenchmarkDotNet's <c>IDiagnoser</c>):
/// it checks its options before a run, joins each run in each process that hosts instances, and gets hooks around
/// every stage there. The built-in latency/rate recording and the Azure SDK test proxy are
/// <see cref="PerfRunFeatures.BuiltIn"/>; a plug-in is a public class with a parameterless constructor in an assembly
/// given to <see cref="PerfProgram"/> (or an entry of <see cref="Hosting.PerfProgramContext.RunFeatures"/> or
/// <see cref="PerfRunnerSettings.Features"/>).
/// </summary>
public interface IPerfRunFeature
{
    /// <summary>A short name for messages, such as <c>test-proxy</c>.</summary>
    string Name { get; }

    /// <summary>Checks the options this feature reads, before the run; each problem names the option and the fix.</summary>
    /// <param name="options">The run's options.</param>
    /// <returns>The problems; none when the options are fine (a problem ends the program with the usage exit code).</returns>
    IEnumerable<string> Validate(PerfOptions options);

    /// <summary>
    /// Joins one run in this process, at global setup once the instances exist (in every child of a multi-process run).
    /// </summary>
    /// <param name="context">The run's options, instances and clock.</param>
    /// <returns>The feature's hooks for this run, or <see langword="null"/> when the options do not ask for it.</returns>
    PerfRunFeatureSession? Join(PerfRunFeatureContext context);
}
