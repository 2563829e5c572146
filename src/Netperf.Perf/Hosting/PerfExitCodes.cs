namespace Netperf.Perf.Hosting;

/// <summary>The exit codes of a perf-test executable.</summary>
public static class PerfExitCodes
{
    /// <summary>The run succeeded.</summary>
    public const int Success = 0;

    /// <summary>A stage of the test threw (cleanup ran), or the run failed.</summary>
    public const int TestFailed = 1;

    /// <summary>Bad usage: unknown test or mode, or invalid options.</summary>
    public const int UsageError = 2;

    /// <summary>The run was cancelled by Ctrl+C or SIGTERM (cleanup ran).</summary>
    public const int Cancelled = 130;
}
