using System.Diagnostics;
using Netperf.Core.Remoting;

namespace Netperf.Core.Tests.Runners;

/// <summary>Runs a command with <c>/bin/sh -c</c> on this machine, feeding standard input, as an ssh session would.</summary>
internal sealed class LocalProcessShell : IRemoteShell
{
    public string Description => "local /bin/sh";

    public async Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command.Text);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(command.StandardInput ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return new RemoteCommandResult { ExitCode = process.ExitCode, StandardOutput = await stdout, StandardError = await stderr, Duration = TimeSpan.Zero };
    }

    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        File.Copy(localPath, remotePath, overwrite: true);
        return Task.CompletedTask;
    }

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        File.Copy(remotePath, localPath, overwrite: true);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
