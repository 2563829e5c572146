namespace Netperf.Core.Local;

/// <summary>Settings of the <c>local</c> environment (<see cref="LocalVmPairProvider"/>), bound from <c>Netperf:Local</c>.</summary>
public sealed class LocalOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Netperf:Local";

    /// <summary>
    /// The folder that holds one state file and one folder per pair (<c>pairs/&lt;id&gt;.json</c>, <c>pairs/&lt;id&gt;/</c>);
    /// <see langword="null"/> (the default) uses <c>$NETPERF_STATE_DIR</c>, else <c>$XDG_RUNTIME_DIR/netperf</c>, else
    /// <c>$XDG_STATE_HOME/netperf</c>, else <c>~/.local/state/netperf</c>. It and every folder below it must be real folders of the current user, and no folder
    /// above it may be writable by another user (sshd's StrictModes checks them all, so not under <c>/tmp</c>).
    /// Processes that share it see each other's pairs (so <c>pairs delete</c> and the janitor work from another process).
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>The <see cref="SshdPath"/> value that forces the local-process fallback even where sshd exists.</summary>
    public const string NoSshd = "none";

    /// <summary>
    /// The <c>sshd</c> binary (absolute path); <see langword="null"/> (the default) searches PATH and the sbin folders;
    /// <c>none</c> uses no sshd (the local-process fallback).
    /// </summary>
    public string? SshdPath { get; set; }

    /// <summary>The <c>ssh-keygen</c> binary; <see langword="null"/> (the default) uses the one on PATH.</summary>
    public string? SshKeygenPath { get; set; }

    /// <summary>The loopback address the peer's sshd listens on; <c>127.0.0.1</c> by default (<c>::1</c> also allowed).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>How long the peer's sshd may take to accept connections; 10 seconds by default.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a pair is still made when no <c>sshd</c> exists: its peer is then this machine reached through local
    /// processes, and the readiness report's transport says so. True by default.
    /// </summary>
    public bool AllowLocalProcessFallback { get; set; } = true;

    /// <summary>How many local pairs may exist at once (state files in <see cref="StateDirectory"/>); 32 by default.</summary>
    public int MaxPairs { get; set; } = 32;
}
