using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Remoting;

/// <summary>
/// Runs commands on this machine: through <c>/bin/sh -c</c> on Linux and macOS, through PowerShell
/// (<c>pwsh</c>, else Windows PowerShell) on Windows. A timeout or cancellation kills the whole process
/// tree. Copies are plain file copies.
/// </summary>
public sealed class LocalProcessShell : IRemoteShell
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string? _workingDirectory;
    private readonly IReadOnlyDictionary<string, string>? _environment;

    /// <summary>Creates a shell for this machine.</summary>
    /// <param name="logger">Where command starts, ends and timeouts are logged (secrets redacted); none by default.</param>
    /// <param name="timeProvider">The clock for timeouts and durations; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="workingDirectory">The folder commands start in; the current folder by default.</param>
    /// <param name="environment">Variables set for every command, over this process's environment; none by default.</param>
    public LocalProcessShell(ILogger<LocalProcessShell>? logger = null, TimeProvider? timeProvider = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _workingDirectory = workingDirectory;
    }

    /// <inheritdoc />
    public string Description => "local " + Environment.MachineName;

    /// <inheritdoc />
    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var runner = new ProcessRunner(_time, _logger, Description);
        var startInfo = CreateStartInfo(command.Text, _workingDirectory);
        foreach (var (name, value) in _environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return runner.RunAsync(startInfo, command, cancellationToken);
    }

    /// <inheritdoc />
    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) =>
        CopyAsync(localPath, remotePath, cancellationToken);

    /// <inheritdoc />
    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        CopyAsync(remotePath, localPath, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static ProcessStartInfo CreateStartInfo(string text, string? workingDirectory)
    {
        var startInfo = new ProcessStartInfo { WorkingDirectory = workingDirectory ?? string.Empty };
        if (OperatingSystem.IsWindows())
        {
            startInfo.FileName = FindOnPath("pwsh.exe") ?? "powershell.exe";
            foreach (var argument in PowerShellCommand.Arguments(text))
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = "/bin/sh";
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(text);
        }

        return startInfo;
    }

    internal static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    private async Task CopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        RemotingLog.Copying(_logger, Description, source, destination);
        var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
