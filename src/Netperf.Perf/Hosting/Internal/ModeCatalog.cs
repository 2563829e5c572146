using System.Reflection;

namespace Netperf.Perf.Hosting.Internal;

/// <summary>Finds the <see cref="IPerfProgramMode"/> classes of Netperf.Perf and of the test assemblies.</summary>
internal static class ModeCatalog
{
    public static IReadOnlyList<IPerfProgramMode> Discover(IEnumerable<Assembly> assemblies)
    {
        var own = typeof(IPerfProgramMode).Assembly;
        var types = own.GetTypes()
            .Concat(assemblies.Where(a => a != own).Distinct().SelectMany(SafeExportedTypes));
        var modes = new List<IPerfProgramMode>();
        foreach (var type in types)
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                && typeof(IPerfProgramMode).IsAssignableFrom(type)
                && type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is { } constructor)
            {
                modes.Add((IPerfProgramMode)constructor.Invoke(null));
            }
        }

        return [.. modes.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)];
    }

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
