using System.ComponentModel.DataAnnotations;
using Netperf.Harness.Suites;

namespace Netperf.Quickstart;

/// <summary>
/// Which environment and tests the Quickstart runs, bound from <c>Netperf:Quickstart</c> (appsettings.json, environment
/// variables <c>Netperf__Quickstart__*</c>) and the switches <c>--env</c> and <c>--tests</c>. The run's durations and
/// results folder (<c>--duration</c>, <c>--warmup</c>, <c>--results</c>) bind from the same section into
/// <see cref="Netperf.Harness.NetworkTestHarnessOptions"/>.
/// </summary>
public sealed class QuickstartOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Netperf:Quickstart";

    /// <summary>
    /// <c>--env</c>: <c>auto</c> (default: the lab when one is configured or, as root on Linux with iproute2 and sshd,
    /// the single-machine namespace lab, then <c>local</c>), <c>local</c>, <c>lab</c> (the <c>Netperf:Lab</c> inventory,
    /// or the single-machine lab when it has no hosts) or <c>azure</c> (<c>Netperf:Azure</c>); resolved by Core's
    /// <c>EnvironmentSelector</c>, which names the choices when the value is none of them.
    /// </summary>
    public string Environment { get; set; } = "auto";

    /// <summary><c>--tests</c>: comma-separated suite entries. Default: <c>tcp-up,tcp-down,tcp-rr,tcp-connect,http-get</c> (also: <c>udp</c>).</summary>
    public string Tests { get; set; } = string.Join(',', NetworkSuite.DefaultKeys);

    /// <summary>The entries of <see cref="Tests"/>, trimmed and lower-cased.</summary>
    public IReadOnlyList<string> TestKeys =>
        Tests.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToArray();
}
