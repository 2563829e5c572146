namespace Netperf.Samples.Pairs.Cli;

/// <summary>The sample's exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed (a pair not ready, a deletion that failed).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: configuration, arguments, a matrix that breaks the rules.</summary>
    public const int Usage = 2;
}
