namespace Netperf.Docs.Tests.Commands;

/// <summary>
/// How one documented command is exercised (one entry of doc-commands.json). Exactly one of
/// <see cref="Run"/>, <see cref="Tests"/>, <see cref="Ci"/> or <see cref="Smoke"/> is set.
/// </summary>
public sealed record DocCommandEntry
{
    /// <summary>The pages that show the command (repository-relative).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The command as the page shows it (whitespace collapsed, comment removed).</summary>
    public required string Command { get; init; }

    /// <summary>The docs test runs the command itself and checks its outcome.</summary>
    public DocCommandRun? Run { get; init; }

    /// <summary>Test methods (namespace.class.method) that run the command's code path, e.g. against the ARM or GitHub fake.</summary>
    public IReadOnlyList<string>? Tests { get; init; }

    /// <summary>The CI entry point that runs the command verbatim (<c>.ci/run</c>).</summary>
    public string? Ci { get; init; }

    /// <summary>Another documented command, run by the docs test, that runs the same script in its smoke mode.</summary>
    public string? Smoke { get; init; }

    /// <summary>Why the command is not run as written (required unless <see cref="Run"/> is set).</summary>
    public string? Why { get; init; }

    /// <summary>The entry in a failure message.</summary>
    public override string ToString() => $"'{Command}' ({string.Join(", ", Files)})";
}
