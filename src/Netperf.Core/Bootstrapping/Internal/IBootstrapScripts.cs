namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>
/// The scripts each bootstrap step runs, in one machine's shell. Every script is idempotent and prints only
/// <c>key=value</c> lines the bootstrapper reads; none prints private key material.
/// </summary>
internal interface IBootstrapScripts
{
    /// <summary>Client: creates the pair folder (0700) and an ed25519 key (0600) once; prints <c>folder=</c> and <c>pub=</c>.</summary>
    string PrepareClientKey(string pairId);

    /// <summary>Peer: appends the public key to the login's authorized keys once; prints <c>user=</c>.</summary>
    string InstallKey(string publicKey);

    /// <summary>Peer: prints <c>hostkey=</c> for each host public key of the ssh server.</summary>
    string ListHostKeys();

    /// <summary>Client: writes the pair's known_hosts with exactly these lines.</summary>
    string WriteKnownHosts(string pairId, IReadOnlyList<string> lines);

    /// <summary>
    /// Client: writes the <c>netperf-peer</c> ssh_config alias (and the hosts-file entry when allowed); prints <c>config=</c>.
    /// A <paramref name="keyExchange"/> list becomes the alias's <c>KexAlgorithms</c>.
    /// </summary>
    string WriteAlias(string pairId, PeerEndpoint endpoint, string user, bool editHostsFile, string? keyExchange = null);

    /// <summary>
    /// Any machine: prints <c>missing=</c> for each tool that does not answer, and <c>missing=pwsh</c> when PowerShell is
    /// asked for and <c>pwsh</c> is not there (found, not started: its version is checked where it runs, in the proof).
    /// </summary>
    string FindTools(IReadOnlyList<string> tools, bool powerShell);

    /// <summary>Any machine: installs the tools with the system package manager.</summary>
    string InstallTools(IReadOnlyList<string> tools);

    /// <summary>Client: runs the readiness probe on <c>netperf-peer</c> through ssh; its output holds the nonce and <c>missing=</c> lines.</summary>
    string ProveReady(string pairId, string peerProbe);

    /// <summary>
    /// Client: starts pwsh once and runs <c>Invoke-Command -HostName netperf-peer</c> through the pair's ssh_config (its key,
    /// its pinned known_hosts); prints <c>client-powershell=</c>, and from the peer <c>netperf-ready=</c> with the nonce,
    /// <c>peer-powershell=</c> and <c>missing=</c> for each tool that does not answer there.
    /// </summary>
    string ProvePowerShell(string pairId, string nonce, IReadOnlyList<string> tools);

    /// <summary>Client: runs <paramref name="peerCommand"/> on <c>netperf-peer</c> through the pair's ssh alias.</summary>
    string RunOnPeer(string pairId, string peerCommand);
}
