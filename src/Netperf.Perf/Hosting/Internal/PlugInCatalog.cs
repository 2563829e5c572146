using System.Reflection;
using Netperf.Perf.Export;
using Netperf.Perf.Running;

namespace Netperf.Perf.Hosting.Internal;

/// <summary>
/// Finds the plug-ins of a perf-test executable: every public, non-abstract class with a parameterless constructor
/// that implements a plug-in interface (<see cref="IPerfProgramMode"/>, <see cref="IPerfExporter"/>,
/// <see cref="IPerfRunFeature"/>) in the test assemblies and the plug-in packages given to <see cref="PerfProgram"/>.
/// Netperf.Perf's own modes (internal) are found by reflection too; its exporters and run features are listed in
/// <see cref="PerfExporters.BuiltIn"/> and <see cref="PerfRunFeatures.BuiltIn"/>, which plug-ins of the same name replace.
/// </summary>
internal static class PlugInCatalog
{
    private static readonly Assembly Own = typeof(IPerfProgramMode).Assembly;

    public static IReadOnlyList<IPerfProgramMode> Modes(IEnumerable<Assembly> assemblies)
    {
        var own = Own.GetTypes().Where(t => typeof(IPerfProgramMode).IsAssignableFrom(t)).Select(Create<IPerfProgramMode>).OfType<IPerfProgramMode>();
        return [.. own.Concat(Discover<IPerfProgramMode>(assemblies)).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public static IReadOnlyList<IPerfExporter> Exporters(IEnumerable<Assembly> assemblies) =>
        Override(PerfExporters.BuiltIn, Discover<IPerfExporter>(assemblies), e => e.Name);

    public static IReadOnlyList<IPerfRunFeature> RunFeatures(IEnumerable<Assembly> assemblies) =>
        Override(PerfRunFeatures.BuiltIn, Discover<IPerfRunFeature>(assemblies), f => f.Name);

    /// <summary>The public plug-ins of type <typeparamref name="T"/> in the assemblies other than Netperf.Perf.</summary>
    public static IEnumerable<T> Discover<T>(IEnumerable<Assembly> assemblies)
        where T : class =>
        assemblies.Where(a => a != Own).Distinct().SelectMany(SafeExportedTypes).Select(Create<T>).OfType<T>();

    private static List<T> Override<T>(IReadOnlyList<T> builtIn, IEnumerable<T> plugIns, Func<T, string> name)
    {
        var all = builtIn.ToList();
        foreach (var plugIn in plugIns)
        {
            all.RemoveAll(p => string.Equals(name(p), name(plugIn), StringComparison.OrdinalIgnoreCase));
            all.Add(plugIn);
        }

        return all;
    }

    private static T? Create<T>(Type type)
        where T : class =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && typeof(T).IsAssignableFrom(type)
        && type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is { } constructor
            ? (T)constructor.Invoke(null)
            : null;

    private static IEnumerable<Type> SafeExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
