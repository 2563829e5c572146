using System.ComponentModel.DataAnnotations;

namespace Netperf.Quickstart;

/// <summary>
/// What the Quickstart runs, bound from <c>Netperf:Quickstart</c> (appsettings.json, environment variables
/// <c>Netperf__Quickstart__*</c>) and the switches <c>--env</c>, <c>--tests</c>, <c>--duration</c>, <c>--warmup</c>, <c>--results</c>.
/// </summary>
public sealed class QuickstartOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Netperf:Quickstart";

    /// <summary>
    /// <c>--env</c>: <c>auto</c> (default: the single-machine namespace lab when root on Linux with iproute2 and
    /// sshd, else <c>local</c>), <c>local</c>, <c>lab</c> (the <c>Netperf:Lab</c> inventory, or the single-machine lab
    /// when it has no hosts) or <c>azure</c> (<c>Netperf:Azure</c>).
    /// </summary>
    [RegularExpression("^(auto|local|lab|azure)$", ErrorMessage = "Netperf:Quickstart:Environment (--env) must be auto, local, lab or azure.")]
    public string Environment { get; set; } = "auto";

    /// <summary><c>--tests</c>: comma-separated suite entries. Default: <c>tcp-up,tcp-down,tcp-rr,tcp-connect,http-get</c> (also: <c>udp</c>).</summary>
    public string Tests { get; set; } = string.Join(',', QuickstartSuite.DefaultKeys);

    /// <summary><c>--duration</c>: measured seconds per test. Default 3.</summary>
    [Range(1, 3600, ErrorMessage = "Netperf:Quickstart:Duration (--duration) must be 1..3600 seconds.")]
    public int Duration { get; set; } = 3;

    /// <summary><c>--warmup</c>: warm-up seconds per test. Default 1.</summary>
    [Range(0, 600, ErrorMessage = "Netperf:Quickstart:Warmup (--warmup) must be 0..600 seconds.")]
    public int Warmup { get; set; } = 1;

    /// <summary><c>--results</c>: the folder for JSON and Markdown results. Default <c>netperf-results</c> (relative to the current folder).</summary>
    [Required(ErrorMessage = "Netperf:Quickstart:ResultsDirectory (--results) must name a folder.")]
    public string ResultsDirectory { get; set; } = "netperf-results";

    /// <summary>The OS image of the pair. Default <c>ubuntu-24.04</c>.</summary>
    [Required(ErrorMessage = "Netperf:Quickstart:Image must name an OS image such as ubuntu-24.04.")]
    public string Image { get; set; } = "ubuntu-24.04";

    /// <summary>The owner written to the pair's ownership tags. Default <c>quickstart-&lt;user&gt;</c>.</summary>
    public string? Owner { get; set; }

    /// <summary>
    /// The test dll's path on the pair's machines when it is pre-staged there; default: none, so this program's own
    /// folder is deployed to both machines (used in place where a machine sees it, else copied once).
    /// </summary>
    public string? TestAssemblyPath { get; set; }

    /// <summary>The <c>dotnet</c> command on the pair's machines; default: the host running this program.</summary>
    public string? Dotnet { get; set; }

    /// <summary>The entries of <see cref="Tests"/>, trimmed and lower-cased.</summary>
    public IReadOnlyList<string> TestKeys =>
        Tests.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToArray();
}
