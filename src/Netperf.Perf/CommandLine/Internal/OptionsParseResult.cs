namespace Netperf.Perf.CommandLine.Internal;

/// <summary>What parsing a test's arguments produced: options, or errors, or a help request.</summary>
internal sealed record OptionsParseResult(PerfOptions? Options, IReadOnlyList<string> Errors, bool HelpRequested);
