namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// Environment variables the test's own processes need before they start, such as runtime settings
    /// read once at start-up: set on every child of a multi-process run, and on this process before
    /// a run in it. None by default.
    /// </summary>
    internal virtual IEnumerable<KeyValuePair<string, string>> ProcessEnvironment() => [];
}
