using Netperf.Results.Detection;

namespace Netperf.Results.Reporting;

/// <summary>What <see cref="ResultHistory.WriteDashboardAsync"/> wrote.</summary>
public sealed record DashboardOutput
{
    /// <summary>The self-contained HTML page (<c>index.html</c> in the folder).</summary>
    public required string PagePath { get; init; }

    /// <summary>The Markdown summary (<c>summary.md</c> in the folder), for <c>$GITHUB_STEP_SUMMARY</c>.</summary>
    public required string SummaryPath { get; init; }

    /// <summary>The check the page shows.</summary>
    public required CheckReport Report { get; init; }
}
