using System.Text.RegularExpressions;
using Netperf.Core.Remoting;

namespace Netperf.Core.Tests.Bootstrapping;

/// <summary>A hand-written shell: answers each command through a handler and records what it was asked to run.</summary>
internal sealed partial class FakeShell(string name, Func<RemoteCommand, CancellationToken, Task<RemoteCommandResult>> handler) : IRemoteShell
{
    public List<RemoteCommand> Commands { get; } = [];

    public string Description => "fake " + name;

    public static RemoteCommandResult Ok(string stdout = "") => new() { ExitCode = 0, StandardOutput = stdout, StandardError = string.Empty, Duration = TimeSpan.FromMilliseconds(5) };

    public static RemoteCommandResult Fail(int exitCode, string stderr) => new() { ExitCode = exitCode, StandardOutput = string.Empty, StandardError = stderr, Duration = TimeSpan.FromMilliseconds(5) };

    /// <summary>The nonce a readiness probe asks the peer to echo.</summary>
    public static string? Nonce(string text) => NonceRegex().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        Commands.Add(command);
        return handler(command, cancellationToken);
    }

    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [GeneratedRegex(@"netperf-ready=%s\\n\S* ([0-9a-f]{16})")]
    private static partial Regex NonceRegex();
}
