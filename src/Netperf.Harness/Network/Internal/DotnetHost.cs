namespace Netperf.Harness.Network.Internal;

/// <summary>Finds the <c>dotnet</c> host that runs this process, so a child runs on the same runtime.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    /// <summary>The dll that answers <c>netperf-server</c>: the one given, else the entry assembly.</summary>
    public static string TestAssembly(string? path)
    {
        var chosen = path ?? System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return string.IsNullOrEmpty(chosen)
            ? throw new InvalidOperationException("The test executable's path is unknown; pass the dll that hosts PerfProgram (it answers 'netperf-server') with --server-dll.")
            : chosen;
    }

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var current = Environment.ProcessPath;
        if (current is not null && System.IO.Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return "dotnet";
    }
}
