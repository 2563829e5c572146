namespace Netperf.Testing.Arm;

/// <summary>
/// What ARM reports for a managed Run Command instead of the script's own result, as real ARM has done
/// (<c>executionState: Failed</c>, <c>exitCode: 3</c> and empty output for a script that exited 5;
/// <c>Canceled</c>; <c>Unknown</c>). Scripted with <see cref="ArmFaults.MisreportRunCommands"/>.
/// </summary>
/// <param name="ExecutionState"><c>Failed</c>, <c>Canceled</c>, <c>Unknown</c>, <c>Succeeded</c>...</param>
/// <param name="ExitCode">The exit code ARM reports (not the script's).</param>
/// <param name="KeepOutput">False to report empty output and error, as in the recorded failure.</param>
/// <param name="ExecutionMessage">The <c>executionMessage</c>.</param>
public sealed record RunCommandReport(string ExecutionState, int ExitCode, bool KeepOutput = false, string ExecutionMessage = "")
{
    /// <summary>The recorded misreport: Failed, exit code 3, no output.</summary>
    public static RunCommandReport FailedWithExitCode3 { get; } = new("Failed", 3, ExecutionMessage: "Execution completed with errors.");
}
