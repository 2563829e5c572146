namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// Environment variables the test's own processes need before they start, such as runtime settings
    /// read once at start-up: set on every child of a multi-process run, and on this process before
    /// a run in it. None by default; a test's options override it (Netperf.Harness's network tests set the
    /// socket engine's inline completions this way).
    /// </summary>
    /// <returns>The variables and their values.</returns>
    protected internal virtual IEnumerable<KeyValuePair<string, string>> ProcessEnvironment() => [];
}
