namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// <c>-x|--test-proxies</c>: Azure SDK test proxies, <c>URL[;URL]</c>. Each instance records one call and
    /// then plays back from proxy <c>index % count</c>. Default: none (requests go to the service).
    /// </summary>
    [PerfOption("--test-proxies", "-x", Description = "Azure SDK test proxies URL[;URL]: record once, then play back (instance i uses proxy i % count).")]
    public string? TestProxies { get; set; }
}
