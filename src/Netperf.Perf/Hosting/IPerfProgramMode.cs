namespace Netperf.Perf.Hosting;

/// <summary>
/// A top-level mode of a perf-test executable, chosen by the first argument (for example
/// <c>compare</c>, <c>versions</c>, a private child-process argument, or a plug-in's: <c>micro</c> from
/// Netperf.Perf.BenchmarkDotNet, <c>netperf-server</c> from Netperf.Harness).
/// <see cref="PerfProgram"/> discovers modes by reflection: every non-abstract class implementing
/// this interface with a parameterless constructor, in Netperf.Perf (public or internal) and in
/// the assemblies given to <see cref="PerfProgram.RunAsync(string[], System.Reflection.Assembly[])"/> (public): a plug-in
/// package adds a mode by being one of those assemblies. Adding a mode is adding a class; no registration to edit.
/// </summary>
public interface IPerfProgramMode
{
    /// <summary>The first argument that selects the mode (compared case-insensitively).</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>True to leave the mode out of the usage text (private plumbing such as a child-process mode).</summary>
    bool Hidden { get; }

    /// <summary>
    /// True when Netperf itself starts this mode (a <c>--processes</c> child, a peer server on a pair's peer), never
    /// a person: a host with its own <c>Main</c> must hand such an invocation to <see cref="PerfProgram"/> unchanged
    /// (<see cref="PerfProgram.OwnsInvocation"/>). Default <see langword="false"/>.
    /// </summary>
    bool StartedByNetperf => false;

    /// <summary>Runs the mode.</summary>
    /// <param name="context">The program's writers, assemblies, catalog and clock.</param>
    /// <param name="arguments">The arguments after the mode's name.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or SIGTERM.</param>
    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
