namespace Netperf.Tool.Cli;

/// <summary>The tool's exit codes (docs/pairs.md lists them).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed (a pair not ready, a deletion that failed).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: configuration, arguments, a matrix that breaks the rules.</summary>
    public const int Usage = 2;

    /// <summary>What the command was to act on does not exist (<c>pairs delete</c> of an unknown pair): a cleanup step may treat it as done.</summary>
    public const int NotFound = 3;

    /// <summary>A signal stopped the command: 128 + its number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), as shells report it.</summary>
    public const int SignalBase = 128;
}
