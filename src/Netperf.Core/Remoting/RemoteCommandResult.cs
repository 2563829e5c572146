namespace Netperf.Core.Remoting;

/// <summary>The outcome of a <see cref="RemoteCommand"/>.</summary>
public sealed record RemoteCommandResult
{
    /// <summary>The exit code (non-zero is a failure of the command, not of the session).</summary>
    public required int ExitCode { get; init; }

    /// <summary>Everything written to standard output.</summary>
    public required string StandardOutput { get; init; }

    /// <summary>Everything written to standard error.</summary>
    public required string StandardError { get; init; }

    /// <summary>How long the command ran.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>True when the command was stopped because it ran past its timeout.</summary>
    public bool TimedOut { get; init; }

    /// <summary>True when <see cref="ExitCode"/> is zero and the command did not time out.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
