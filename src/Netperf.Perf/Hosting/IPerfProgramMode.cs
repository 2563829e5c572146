namespace Netperf.Perf.Hosting;

/// <summary>
/// A top-level mode of a perf-test executable, chosen by the first argument (for example
/// <c>micro</c>, <c>compare</c>, <c>netperf-server</c>, or a private child-process argument).
/// <see cref="PerfProgram"/> discovers modes by reflection: every non-abstract class implementing
/// this interface with a parameterless constructor, in Netperf.Perf (public or internal) and in
/// the test assemblies (public). Adding a mode is adding a class; no registration to edit.
/// </summary>
public interface IPerfProgramMode
{
    /// <summary>The first argument that selects the mode (compared case-insensitively).</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>True to leave the mode out of the usage text (private plumbing such as a child-process mode).</summary>
    bool Hidden { get; }

    /// <summary>Runs the mode.</summary>
    /// <param name="context">The program's writers, assemblies, catalog and clock.</param>
    /// <param name="arguments">The arguments after the mode's name.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or SIGTERM.</param>
    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
