using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Lab.Drivers;

namespace Netperf.Lab.Pairs.Internal;

/// <summary>
/// A session into a lab VM that goes through its host (the hypervisor's in-guest channel), so the orchestrator
/// never needs a network path to the lab network. Files travel as base64 through the same channel. A shell that
/// <paramref name="ownsHostShell"/> (a re-opened pair's) closes the session to the host when it is disposed; a created
/// pair's host sessions are closed when the pair is deleted.
/// </summary>
internal sealed class GuestShell(IHypervisorDriver driver, LabHost host, string vmName, OsFamily os, bool ownsHostShell = false) : IRemoteShell
{
    public string Description => $"{driver.Name} guest {vmName} via {host.Shell.Description}";

    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return driver.RunInGuestAsync(host, vmName, command, cancellationToken);
    }

    public async Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        var content = Convert.ToBase64String(await File.ReadAllBytesAsync(localPath, cancellationToken).ConfigureAwait(false));
        var text = os == OsFamily.Windows
            ? $"[IO.File]::WriteAllBytes({ShellQuoting.PowerShell(remotePath)}, [Convert]::FromBase64String((@($input) -join '').Trim()))"
            : $"base64 -d > {ShellQuoting.Posix(remotePath)}";
        await CheckAsync(new RemoteCommand { Text = text, StandardInput = content, DisplayName = $"copy to {remotePath}" }, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        var text = os == OsFamily.Windows
            ? $"[Convert]::ToBase64String([IO.File]::ReadAllBytes({ShellQuoting.PowerShell(remotePath)}))"
            : $"base64 -w0 < {ShellQuoting.Posix(remotePath)}";
        var result = await CheckAsync(new RemoteCommand { Text = text, DisplayName = $"copy from {remotePath}" }, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(localPath, Convert.FromBase64String(result.StandardOutput.Trim()), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ownsHostShell ? host.Shell.DisposeAsync() : ValueTask.CompletedTask;

    private async Task<RemoteCommandResult> CheckAsync(RemoteCommand command, CancellationToken cancellationToken)
    {
        var result = await driver.RunInGuestAsync(host, vmName, command, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{command.DisplayName} on {Description} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        return result;
    }
}
