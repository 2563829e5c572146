namespace Netperf.Core.Local;

/// <summary>How a <see cref="PrivateSshServer"/> is started.</summary>
public sealed record PrivateSshServerOptions
{
    /// <summary>The <c>sshd</c> binary (an absolute path); <see langword="null"/> (the default) searches PATH and the sbin folders.</summary>
    public string? SshdPath { get; init; }

    /// <summary>The <c>ssh-keygen</c> binary; <see langword="null"/> (the default) uses the one on PATH.</summary>
    public string? SshKeygenPath { get; init; }

    /// <summary>The loopback address to listen on; <c>127.0.0.1</c> by default. Only loopback addresses are accepted.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>How long to wait for the server to accept connections; 10 seconds by default.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// PowerShell 7 (<c>pwsh</c>, an absolute path) to serve as the <c>powershell</c> subsystem, so
    /// <c>Invoke-Command -HostName</c> reaches this server; its folder also goes first on the sessions' PATH.
    /// <see langword="null"/> (the default) serves no PowerShell.
    /// </summary>
    public string? PowerShellPath { get; init; }

    /// <summary>Variables every session on the server sees (sshd's <c>SetEnv</c>); none by default.</summary>
    public IReadOnlyDictionary<string, string> SessionEnvironment { get; init; } = new Dictionary<string, string>();
}
