namespace Netperf.Core.Remoting;

/// <summary>Where and how an <see cref="OpenSshShell"/> connects. Authentication is by key only (<c>BatchMode=yes</c>).</summary>
public sealed record OpenSshTarget
{
    /// <summary>The host name, address or (with <see cref="ConfigFile"/>) a <c>Host</c> alias such as <c>netperf-peer</c>.</summary>
    public required string Host { get; init; }

    /// <summary>The port; <see langword="null"/> (the default) lets ssh decide (22, or the config file's <c>Port</c>).</summary>
    public int? Port { get; init; }

    /// <summary>The user to log in as; <see langword="null"/> (the default) lets ssh decide.</summary>
    public string? User { get; init; }

    /// <summary>The private key file; <see langword="null"/> (the default) lets ssh decide. Its contents are never read or logged.</summary>
    public string? IdentityFile { get; init; }

    /// <summary>
    /// The known_hosts file that pins the host key: required with <see cref="HostKeyPolicy.Strict"/> (the default).
    /// <see langword="null"/> is allowed only with <see cref="HostKeyPolicy.AcceptNewThenStrict"/> and then uses a
    /// private file that lives as long as the shell. The user's and the system's known_hosts files are never consulted.
    /// </summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>
    /// How the host key is checked; <see cref="HostKeyPolicy.Strict"/> by default: the key must be pinned in
    /// <see cref="KnownHostsFile"/> beforehand, from a source the caller trusts (the machine's provider, not the network).
    /// </summary>
    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.Strict;

    /// <summary>An ssh_config file to read (<c>-F</c>); <see langword="null"/> (the default) reads none (<c>-F none</c>).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>How long to wait for the TCP connection and handshake (<c>ConnectTimeout</c>); 10 seconds by default.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether commands share one connection (<c>ControlMaster=auto</c> with a private control socket, removed when the
    /// shell is disposed); true by default. Ignored on Windows, whose OpenSSH client cannot multiplex.
    /// </summary>
    public bool Multiplex { get; init; } = true;

    /// <summary>How long an idle shared connection stays open (<c>ControlPersist</c>); 60 seconds by default.</summary>
    public TimeSpan ControlPersist { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The key-exchange algorithms, in order of preference (<c>KexAlgorithms</c>); <see langword="null"/> (the default) keeps
    /// OpenSSH's. <see cref="SshKeyExchange.HostLocal"/> suits connections that stay inside one machine.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a comma-separated list of algorithm names.</exception>
    public string? KeyExchangeAlgorithms
    {
        get;
        init => field = value is null || SshKeyExchange.IsWellFormed(value)
            ? value
            : throw new ArgumentException($"'{value}' is not a KexAlgorithms list (comma-separated algorithm names, optionally after +, - or ^).", nameof(value));
    }

    /// <summary>Which shell runs commands on the far side; <see cref="RemoteShellFlavor.Posix"/> by default.</summary>
    public RemoteShellFlavor Flavor { get; init; } = RemoteShellFlavor.Posix;

    /// <summary>The ssh client; <see langword="null"/> (the default) finds <c>ssh</c> on PATH.</summary>
    public string? SshPath { get; init; }

    /// <summary>The scp client; <see langword="null"/> (the default) finds <c>scp</c> on PATH.</summary>
    public string? ScpPath { get; init; }

    /// <summary>How long a file copy may take; 10 minutes by default.</summary>
    public TimeSpan CopyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A short description such as <c>ssh root@127.0.0.1:2222</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        "ssh " + (User is null ? string.Empty : User + "@") + Host + (Port is null ? string.Empty : ":" + Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        + (Flavor == RemoteShellFlavor.PowerShell ? " (pwsh)" : string.Empty);
}
