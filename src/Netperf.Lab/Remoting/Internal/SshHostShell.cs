using System.Globalization;
using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Remoting.Internal;

/// <summary>
/// Reaches a host with the OpenSSH client (<c>ssh</c>, <c>scp</c>) in batch mode; never prompts, never holds a key.
/// With a control folder, commands share one multiplexed connection (ControlMaster) that <see cref="DisposeAsync"/>
/// closes, and that closes itself after 30 idle seconds should the process die first.
/// </summary>
internal sealed class SshHostShell(LabHostOptions host, TimeProvider time, string? controlFolder = null) : IRemoteShell
{
    public string Description => $"ssh {host.Access.User}@{host.Address}:{host.Access.Port}";

    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = Options("-p").Concat([$"{host.Access.User}@{host.Address}", "--", command.Text]);
        return ProcessRunner.RunAsync("ssh", arguments, command, time, cancellationToken);
    }

    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) =>
        CopyAsync(localPath, $"{host.Access.User}@{Bracket(host.Address)}:{remotePath}", cancellationToken);

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        CopyAsync($"{host.Access.User}@{Bracket(host.Address)}:{remotePath}", localPath, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (controlFolder is null)
        {
            return;
        }

        await ProcessRunner.RunAsync(
            "ssh", Options("-p").Concat(["-O", "exit", $"{host.Access.User}@{host.Address}"]),
            new RemoteCommand { Text = "ssh -O exit", Timeout = TimeSpan.FromSeconds(10) }, time, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(
            "scp", Options("-P").Concat(["-q", from, to]), new RemoteCommand { Text = "scp", Timeout = TimeSpan.FromMinutes(10) }, time, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Copying a file over {Description} failed (exit {result.ExitCode}): {result.StandardError.Trim()}. Check the host's SSH access in Netperf:Lab.");
        }
    }

    private List<string> Options(string portFlag)
    {
        var options = new List<string>
        {
            portFlag, host.Access.Port.ToString(CultureInfo.InvariantCulture),
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=15",
            "-o", "ServerAliveInterval=15",
            "-o", $"StrictHostKeyChecking={host.Access.StrictHostKeyChecking}",
        };
        if (host.Access.IdentityFile is { } identity)
        {
            options.AddRange(["-i", identity, "-o", "IdentitiesOnly=yes"]);
        }

        if (controlFolder is not null)
        {
            options.AddRange(["-o", "ControlMaster=auto", "-o", $"ControlPath={controlFolder}/%C", "-o", "ControlPersist=30"]);
        }

        if (host.Access.KnownHostsFile is { } knownHosts)
        {
            options.AddRange(["-o", $"UserKnownHostsFile={knownHosts}"]);
        }

        return options;
    }

    private static string Bracket(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
}
