using System.Reflection;
using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;

namespace Netperf.Perf.Hosting;

/// <summary>What a <see cref="PerfProgram"/> run works with: writers, assemblies, the test catalog, the clock.</summary>
public sealed class PerfProgramContext
{
    private PerfTestCatalog? _catalog;

    /// <summary>Creates a context.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="assemblies">The assemblies holding tests, modes and micro-benchmarks.</param>
    public PerfProgramContext(TextWriter output, TextWriter error, IReadOnlyList<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(assemblies);
        Output = output;
        Error = error;
        Assemblies = assemblies;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>The assemblies holding tests, modes and micro-benchmarks.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>The clock of runs. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Creates the reporter of a run; default: a <see cref="ConsolePerfReporter"/> on <see cref="Output"/>
    /// and <see cref="Error"/>. Exporters wrap or replace it.
    /// </summary>
    public Func<PerfProgramContext, IPerfReporter> ReporterFactory { get; init; } =
        static context => new ConsolePerfReporter(context.Output, context.Error);

    /// <summary>The tests of <see cref="Assemblies"/> and Netperf.Perf's system tests.</summary>
    public PerfTestCatalog Catalog => _catalog ??= PerfTestCatalog.FromAssemblies(Assemblies);
}
