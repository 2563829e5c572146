using Netperf.Results.Reporting.Internal;

namespace Netperf.Results.Detection;

/// <summary>The outcome of a check over a store: one analysis per series (or per merged series with <see cref="CheckRequest.Across"/>).</summary>
public sealed record CheckReport
{
    /// <summary>The store, without secrets.</summary>
    public required string Store { get; init; }

    /// <summary>What was checked.</summary>
    public required CheckRequest Request { get; init; }

    /// <summary>Every series' analysis, ordered by key.</summary>
    public required IReadOnlyList<SeriesAnalysis> Series { get; init; }

    /// <summary>True when a series has a confirmed regression (<c>results check</c> exits 3).</summary>
    public bool HasConfirmedRegression => Series.Any(s => s.Verdict == RegressionVerdict.Confirmed);

    /// <summary>What was compared with what, in words (every output says it).</summary>
    public string Scope => Request.Across.Count == 0
        ? "Compared within one bucket: the same test and metric, options, environment, image and size (--across LABEL widens it)."
        : $"Compared within one bucket, except across {string.Join(", ", Request.Across)} as asked: the same test and metric and the other labels.";

    /// <summary>The report as a table a person can act on.</summary>
    /// <returns>The text.</returns>
    public string ToText() => CheckText.Format(this);

    /// <summary>The report as JSON: an array with one entry per series (key, verdict, when, before, after, effect, ...).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => CheckJson.Format(this);

    /// <summary>The report as Markdown for a GitHub job summary (<c>$GITHUB_STEP_SUMMARY</c>).</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown() => MarkdownSummary.Format(this);
}
