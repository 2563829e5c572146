namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// <c>--profile</c>: record a CPU-sampling trace of the first measured iteration in every process
    /// (<c>profile-&lt;TestClass&gt;-&lt;ProcessIndex&gt;-&lt;sync|async&gt;.nettrace</c> in the working directory). Needs the
    /// Netperf.Perf.Diagnostics plug-in; without it the run stops with a usage error. Default false.
    /// </summary>
    [PerfOption("--profile", Description = "Record a CPU-sampling trace (.nettrace + speedscope JSON) of one measured iteration per process (needs Netperf.Perf.Diagnostics).")]
    public bool Profile { get; set; }
}
