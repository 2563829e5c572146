using System.Diagnostics;
using Netperf.Testing.Arm;
using Netperf.Testing.Integration;
using Netperf.Testing.Time;

namespace Netperf.Azure.Tests.Support;

/// <summary>
/// A fake VM that really runs what Run Command sends it: bash for a Linux VM (the script on standard input,
/// parameters as environment variables, as Run Command passes them), PowerShell 7 for a Windows VM (the script
/// as a file, parameters as its named arguments). It proves Netperf's wrapper and helper scripts themselves,
/// not an emulation of them. The clock is held while the process runs, so fake time cannot overtake real work.
/// </summary>
public sealed class LocalScriptGuest(ClockPump? pump, string? workingDirectory = null)
{
    public int Runs { get; private set; }

    public async Task<GuestResult> HandleAsync(GuestCommand command, CancellationToken cancellationToken)
    {
        using var hold = pump?.Hold();
        Runs++;
        var windows = command.OsType == "Windows";
        string? scriptFile = null;
        // The same pwsh the Pwsh prerequisite found (on PATH, else the .NET tool's), so a test that ran does not fail to start it.
        var start = new ProcessStartInfo(windows ? Prerequisites.FindPwsh() ?? "pwsh" : "bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (windows)
        {
            scriptFile = Path.Combine(Path.GetTempPath(), $"netperf-guest-{Guid.NewGuid():N}.ps1");
            await File.WriteAllTextAsync(scriptFile, command.Script, cancellationToken);
            foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-File", scriptFile })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in command.Parameters)
            {
                start.ArgumentList.Add("-" + name);
                start.ArgumentList.Add(value);
            }
        }
        else
        {
            start.ArgumentList.Add("-s");
            foreach (var (name, value) in command.Parameters)
            {
                start.Environment[name] = value;
            }
        }

        try
        {
            using var process = Process.Start(start)!;
            if (!windows)
            {
                await process.StandardInput.WriteAsync(command.Script);
            }

            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new GuestResult(process.ExitCode, await output, await error);
        }
        finally
        {
            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }
    }
}
