using System.Runtime;
using System.Runtime.InteropServices;

namespace Netperf.Perf.Results;

/// <summary>The machine and runtime a run happened on.</summary>
public sealed record PerfEnvironmentInfo
{
    /// <summary>The machine's name.</summary>
    public required string MachineName { get; init; }

    /// <summary>The operating system description.</summary>
    public required string OperatingSystem { get; init; }

    /// <summary>The processor architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>Logical processors available to the process.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>The .NET runtime description (for example <c>.NET 10.0.1</c>).</summary>
    public required string Runtime { get; init; }

    /// <summary>True with server garbage collection.</summary>
    public required bool ServerGarbageCollector { get; init; }

    /// <summary>True in a Release build of the test assembly (false when a debugger-friendly build runs).</summary>
    public bool? OptimizedBuild { get; init; }

    /// <summary>
    /// The code under test: every assembly the test assembly references, except the runtime's and
    /// Netperf's own, with its informational version (or assembly version). Comparing two builds of
    /// one test project against two versions of a package shows here which version each run measured.
    /// </summary>
    public IReadOnlyDictionary<string, string> AssembliesUnderTest { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the current process's environment.</summary>
    /// <param name="testAssembly">The assembly whose build configuration is reported, if known.</param>
    /// <returns>The environment.</returns>
    public static PerfEnvironmentInfo Current(System.Reflection.Assembly? testAssembly = null) => new()
    {
        MachineName = Environment.MachineName,
        OperatingSystem = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        ProcessorCount = Environment.ProcessorCount,
        Runtime = RuntimeInformation.FrameworkDescription,
        ServerGarbageCollector = GCSettings.IsServerGC,
        OptimizedBuild = testAssembly is null ? null : IsOptimized(testAssembly),
        AssembliesUnderTest = testAssembly is null ? new Dictionary<string, string>() : ReadAssembliesUnderTest(testAssembly),
    };

    private static Dictionary<string, string> ReadAssembliesUnderTest(System.Reflection.Assembly testAssembly)
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in testAssembly.GetReferencedAssemblies())
        {
            var name = reference.Name;
            if (name is null || IsPlatformOrNetperf(name))
            {
                continue;
            }

            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
            var informational = loaded is null
                ? null
                : (Attribute.GetCustomAttribute(loaded, typeof(System.Reflection.AssemblyInformationalVersionAttribute)) as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion;
            versions[name] = StripCommitHash(informational) ?? loaded?.GetName().Version?.ToString() ?? reference.Version?.ToString() ?? "unknown";
        }

        return new Dictionary<string, string>(versions, StringComparer.Ordinal);
    }

    private static bool IsPlatformOrNetperf(string name) =>
        name is "mscorlib" or "netstandard" or "Netperf.Perf"
        || name.StartsWith("System", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);

    // SourceLink appends "+<commit>" to informational versions; the version is what people compare.
    private static string? StripCommitHash(string? version) =>
        version is null ? null : version.Split('+', 2)[0];

    private static bool IsOptimized(System.Reflection.Assembly assembly)
    {
        var debuggable = (System.Diagnostics.DebuggableAttribute?)Attribute.GetCustomAttribute(assembly, typeof(System.Diagnostics.DebuggableAttribute));
        return debuggable is null || !debuggable.IsJITOptimizerDisabled;
    }
}
