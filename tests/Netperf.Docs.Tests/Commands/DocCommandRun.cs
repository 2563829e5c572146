namespace Netperf.Docs.Tests.Commands;

/// <summary>What a command run by the docs test must do.</summary>
public sealed record DocCommandRun
{
    /// <summary>The exit code the command must end with.</summary>
    public int ExitCode { get; init; }

    /// <summary>Text its output (stdout and stderr) must contain, each an ordinal substring; at least one.</summary>
    public IReadOnlyList<string> Expect { get; init; } = [];

    /// <summary>Files (relative to the working directory) the command must have written.</summary>
    public IReadOnlyList<string> Writes { get; init; } = [];

    /// <summary>Integration prerequisites (names of <c>Netperf.Testing.Integration.Prerequisite</c>); empty for none.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>How long the command may take.</summary>
    public int TimeoutSeconds { get; init; } = 60;
}
