namespace Netperf.Samples.Tests.Quickstart;

/// <summary>Where the Quickstart's dll is (the test project references it, so it sits beside the tests).</summary>
internal static class QuickstartBinary
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Netperf.Quickstart.dll");
}
