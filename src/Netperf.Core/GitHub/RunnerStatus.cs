namespace Netperf.Core.GitHub;

/// <summary>Whether a self-hosted runner is connected to GitHub.</summary>
public enum RunnerStatus
{
    /// <summary>The runner is not connected (not started yet, stopped, or its machine is gone).</summary>
    Offline,

    /// <summary>The runner is connected and can take (or is running) a job.</summary>
    Online,
}
