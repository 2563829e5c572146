namespace Netperf.Testing.Arm;

/// <summary>What a fake VM answers for a <see cref="GuestCommand"/>.</summary>
/// <param name="ExitCode">The script's exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record GuestResult(int ExitCode, string Output = "", string Error = "")
{
    /// <summary>An empty, successful answer.</summary>
    public static GuestResult Ok { get; } = new(0);
}
