namespace Netperf.Harness.Tests.Fakes;

/// <summary>
/// Where the harness's test executable is (tests/Netperf.Harness.TestApp: one line over PerfProgram with the harness's
/// assembly). The test project references it, so it sits beside the tests.
/// </summary>
internal static class TestApp
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Netperf.Harness.TestApp.dll");
}
