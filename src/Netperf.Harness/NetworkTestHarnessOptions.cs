using System.ComponentModel.DataAnnotations;

namespace Netperf.Harness;

/// <summary>
/// How <see cref="NetworkTestHarness"/> runs network tests on a pair: durations, where results go, the pair's OS image,
/// and the test app (the executable that runs a perf test on the client and answers <c>netperf-server</c> on the peer).
/// Validated when the harness is created; bind it from configuration (the Quickstart binds <c>Netperf:Quickstart</c>).
/// </summary>
public sealed class NetworkTestHarnessOptions
{
    /// <summary>Measured seconds per test. Default 3.</summary>
    [Range(1, 3600, ErrorMessage = "Duration must be 1..3600 seconds.")]
    public int Duration { get; set; } = 3;

    /// <summary>Warm-up seconds per test. Default 1.</summary>
    [Range(0, 600, ErrorMessage = "Warmup must be 0..600 seconds.")]
    public int Warmup { get; set; } = 1;

    /// <summary>The folder for the JSON and Markdown results. Default <c>netperf-results</c> (relative to the current folder).</summary>
    [Required(ErrorMessage = "ResultsDirectory must name a folder.")]
    public string ResultsDirectory { get; set; } = "netperf-results";

    /// <summary>The OS image of the pair. Default <c>ubuntu-24.04</c>.</summary>
    [Required(ErrorMessage = "Image must name an OS image such as ubuntu-24.04.")]
    public string Image { get; set; } = "ubuntu-24.04";

    /// <summary>The owner written to the pair's ownership tags. Default <c>RUNNAME-&lt;user&gt;</c>.</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// The name of the run: the prefix of the run id, the default owner and the results files
    /// (<c>RUNNAME-yyyyMMdd-HHmmss.json</c>). Default <c>network-tests</c>.
    /// </summary>
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,31}$", ErrorMessage = "RunName must be 1..32 lower-case letters, digits and '-'.")]
    public string RunName { get; set; } = "network-tests";

    /// <summary>The heading of the Markdown report. Default <c>Netperf network tests</c>.</summary>
    public string Title { get; set; } = "Netperf network tests";

    /// <summary>
    /// The test app's dll on this machine, whose folder is deployed to the pair's machines (used in place where a
    /// machine sees it, else copied once). Default: the entry assembly (the program running the harness).
    /// </summary>
    public string? TestApp { get; set; }

    /// <summary>
    /// The test app's dll path on the pair's machines when it is pre-staged there; default none, so
    /// <see cref="TestApp"/>'s folder is deployed.
    /// </summary>
    public string? TestAssemblyPath { get; set; }

    /// <summary>
    /// The arguments before the test's name on the client's command line, for a test app whose <c>Main</c> routes
    /// perf tests under a subcommand (the Quickstart: <c>perf</c>). Default none:
    /// <c>dotnet app.dll TcpThroughput --peer ...</c>.
    /// </summary>
    public IReadOnlyList<string> TestCommand { get; set; } = [];

    /// <summary>The <c>dotnet</c> command on the pair's machines; default: the host running this program.</summary>
    public string? Dotnet { get; set; }
}
