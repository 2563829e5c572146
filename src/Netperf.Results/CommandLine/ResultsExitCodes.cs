namespace Netperf.Results.CommandLine;

/// <summary>The exit codes of the <c>results</c> verbs.</summary>
public static class ResultsExitCodes
{
    /// <summary>Done (for <c>check</c>: no confirmed regression).</summary>
    public const int Success = 0;

    /// <summary>The environment failed: the store cannot be reached or written.</summary>
    public const int EnvironmentError = 1;

    /// <summary>Bad input: usage, a file that is not a result, a truncated file, a bad CSV row, a store of a newer schema, bad options.</summary>
    public const int BadInput = 2;

    /// <summary><c>check</c> found a confirmed regression.</summary>
    public const int Regression = 3;

    /// <summary>Cancelled (Ctrl+C); nothing half-written.</summary>
    public const int Cancelled = 130;
}
