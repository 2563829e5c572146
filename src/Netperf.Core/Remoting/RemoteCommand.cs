namespace Netperf.Core.Remoting;

/// <summary>A command (or script) to run through an <see cref="IRemoteShell"/>.</summary>
public sealed record RemoteCommand
{
    /// <summary>The command line or script text, in the machine's shell (POSIX sh on Linux, PowerShell on Windows).</summary>
    public required string Text { get; init; }

    /// <summary>How long the command may run before it is stopped and reported as timed out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Text written to the command's standard input, then closed; <see langword="null"/> for none.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Called with each line of standard output as it arrives.</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Called with each line of standard error as it arrives.</summary>
    public Action<string>? OnErrorLine { get; init; }

    /// <summary>
    /// Values that must never reach a log, report or exception (keys, passwords, tokens); shells
    /// replace them with <c>***</c> in everything they log or put in a result's description.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>A short description for logs; defaults to the first line of <see cref="Text"/> with secrets redacted.</summary>
    public string? DisplayName { get; init; }
}
