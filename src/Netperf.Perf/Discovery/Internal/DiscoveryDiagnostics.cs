using System.Reflection;

namespace Netperf.Perf.Discovery.Internal;

/// <summary>Why a type that looks like a perf test is not one, and the types of an assembly with its load failures named.</summary>
internal static class DiscoveryDiagnostics
{
    /// <summary>Every type of <paramref name="assembly"/> that loads; what failed to load is added to <paramref name="skipped"/> with the assembly's name.</summary>
    public static IEnumerable<Type> AllTypes(Assembly assembly, List<string> skipped)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var reasons = ex.LoaderExceptions.OfType<Exception>().Select(e => e.Message).Distinct().Take(3);
            skipped.Add($"assembly {assembly.GetName().Name} ({assembly.Location}): {ex.Types.Count(t => t is null)} type(s) failed to load: {string.Join("; ", reasons)}");
            return ex.Types.OfType<Type>();
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            skipped.Add($"assembly {assembly.GetName().Name} ({assembly.Location}) failed to load: {ex.Message}");
            return [];
        }
    }

    /// <summary>Why a type derived from <see cref="PerfTest"/> cannot run; null when it is not meant to (the framework's own base classes, non-tests).</summary>
    public static string? WhyNot(Type type)
    {
        if (!typeof(PerfTest).IsAssignableFrom(type) || type.Assembly == typeof(PerfTest).Assembly && type.IsAbstract)
        {
            return null;
        }

        if (type.ContainsGenericParameters)
        {
            return "a generic type definition: derive a closed class from it to run it";
        }

        if (type.IsAbstract)
        {
            return "abstract (a base class?): only concrete classes are run";
        }

        if (!(type.IsPublic || type.IsNestedPublic))
        {
            return "not public: make the class public so the runner can find it";
        }

        return null;
    }

    /// <summary>The constructor problem of a concrete public test: none, or a constructor for other options.</summary>
    public static string ConstructorProblem(Type type, Type optionsType)
    {
        var constructors = type.GetConstructors();
        var taking = constructors
            .Where(c => c.GetParameters() is [var p] && typeof(PerfOptions).IsAssignableFrom(p.ParameterType))
            .Select(c => c.GetParameters()[0].ParameterType)
            .ToList();
        if (taking.Count > 0)
        {
            return $"Perf test {type.Name}'s constructor takes {string.Join(" or ", taking.Select(t => t.Name))}, but its base class's options are {optionsType.Name} (options type mismatch): " +
                $"make it public {type.Name}({optionsType.Name} options) or change the base class to match.";
        }

        return constructors.Length == 0
            ? $"Perf test {type.Name} has no public constructor: add public {type.Name}({optionsType.Name} options)."
            : $"Perf test {type.Name} needs a public constructor taking its options: public {type.Name}({optionsType.Name} options).";
    }
}
