using System.Reflection;
using Netperf.Perf.Discovery;
using Netperf.Perf.Export;
using Netperf.Perf.Hosting.Internal;
using Netperf.Perf.Reporting;
using Netperf.Perf.Running;

namespace Netperf.Perf.Hosting;

/// <summary>
/// What a <see cref="PerfProgram"/> run works with: writers, assemblies, the test catalog, the clock, and the plug-ins
/// (modes, exporters, run features) found in the assemblies beside Netperf.Perf's own.
/// </summary>
public sealed class PerfProgramContext
{
    private PerfTestCatalog? _catalog;
    private IReadOnlyList<IPerfProgramMode>? _modes;
    private IReadOnlyList<IPerfExporter>? _exporters;
    private IReadOnlyList<IPerfRunFeature>? _runFeatures;

    /// <summary>Creates a context.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="assemblies">The assemblies holding tests and plug-ins (the test assemblies and plug-in packages).</param>
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

    /// <summary>The assemblies holding tests and plug-ins (the test assemblies and plug-in packages).</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>The clock of runs. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Creates the reporter of a run; default: a <see cref="ConsolePerfReporter"/> on <see cref="Output"/>
    /// and <see cref="Error"/>. The <c>--export</c> files are written after it, by <see cref="Exporters"/>.
    /// </summary>
    public Func<PerfProgramContext, IPerfReporter> ReporterFactory { get; init; } =
        static context => new ConsolePerfReporter(context.Output, context.Error);

    /// <summary>The tests of <see cref="Assemblies"/> and Netperf.Perf's system tests.</summary>
    public PerfTestCatalog Catalog => _catalog ??= PerfTestCatalog.FromAssemblies(Assemblies);

    /// <summary>The modes: Netperf.Perf's own and the public <see cref="IPerfProgramMode"/> classes of <see cref="Assemblies"/>.</summary>
    public IReadOnlyList<IPerfProgramMode> Modes
    {
        get => _modes ??= PlugInCatalog.Modes(Assemblies);
        init => _modes = value;
    }

    /// <summary>
    /// The exporters <c>--export</c> chooses from: <see cref="PerfExporters.BuiltIn"/>, then the public
    /// <see cref="IPerfExporter"/> classes of <see cref="Assemblies"/> (one with a built-in's name replaces it).
    /// </summary>
    public IReadOnlyList<IPerfExporter> Exporters
    {
        get => _exporters ??= PlugInCatalog.Exporters(Assemblies);
        init => _exporters = value;
    }

    /// <summary>
    /// The run features every run of the program has: <see cref="PerfRunFeatures.BuiltIn"/>, then the public
    /// <see cref="IPerfRunFeature"/> classes of <see cref="Assemblies"/> (one with a built-in's name replaces it).
    /// </summary>
    public IReadOnlyList<IPerfRunFeature> RunFeatures
    {
        get => _runFeatures ??= PlugInCatalog.RunFeatures(Assemblies);
        init => _runFeatures = value;
    }
}
