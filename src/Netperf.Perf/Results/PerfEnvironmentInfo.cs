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
    };

    private static bool IsOptimized(System.Reflection.Assembly assembly)
    {
        var debuggable = (System.Diagnostics.DebuggableAttribute?)Attribute.GetCustomAttribute(assembly, typeof(System.Diagnostics.DebuggableAttribute));
        return debuggable is null || !debuggable.IsJITOptimizerDisabled;
    }
}
