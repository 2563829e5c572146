using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Bootstrapping;

/// <summary>
/// The folder on a bootstrapped pair's (POSIX) client that reaches its peer: under Netperf's state folder of the user
/// the client's commands run as, <c>pairs/&lt;pair id&gt;/client</c> holds <c>id_ed25519</c> (the pair's key),
/// <c>known_hosts</c> (the peer's pinned host keys), <c>ssh_config</c> (host <c>netperf-peer</c>) and <c>bin/ssh</c>
/// (ssh with that config). Every bootstrapper leaves it on the client: a job's environment and a runner's folder are made
/// from it (<c>netperf run</c>, <c>netperf provision</c>). <see cref="PeerBootstrapper"/> makes it step by step; a
/// bootstrapper that makes the key and pins the host keys its own way fills it with <see cref="FillPosix"/>.
/// </summary>
public static class PairClientFolder
{
    /// <summary>
    /// A POSIX sh script, run on the client as the user its later commands run as, that fills the pair's client folder
    /// from a key already on the client: copies <paramref name="keyFile"/>, pins <paramref name="hostKeys"/> for
    /// <c>netperf-peer</c> and <paramref name="peerHost"/>, and writes the ssh config and wrapper (port 22). It does not
    /// touch <c>/etc/hosts</c>.
    /// </summary>
    /// <param name="pairId">The pair.</param>
    /// <param name="keyFile">The private key's path on the client (a shell word: may be <c>"$home/.ssh/key"</c>, already quoted).</param>
    /// <param name="peerHost">The peer's address as the client reaches it.</param>
    /// <param name="user">The user on the peer.</param>
    /// <param name="hostKeys">The peer's host public keys (<c>type base64</c>).</param>
    /// <returns>The script.</returns>
    public static string FillPosix(string pairId, string keyFile, string peerHost, string user, IReadOnlyList<string> hostKeys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(peerHost);
        ArgumentNullException.ThrowIfNull(hostKeys);
        var host = ShellQuoting.RequireSafe(peerHost, "peer address");
        return "(\nset -e\numask 077\n" + PosixBootstrapScripts.PrivateClientFolder(pairId)
            + "cp " + keyFile + " \"$d/id_ed25519.tmp\"\nchmod 600 \"$d/id_ed25519.tmp\"\nmv -f \"$d/id_ed25519.tmp\" \"$d/id_ed25519\"\n"
            + PosixBootstrapScripts.KnownHostsBody(hostKeys.Select(k => $"{PeerBootstrapper.PeerAlias},{host} {k}").ToList())
            + PosixBootstrapScripts.AliasBody(pairId, new PeerEndpoint(host, 22), user, editHostsFile: false) + ") >/dev/null\n";
    }

    /// <summary>
    /// The same for a Windows client, in PowerShell, run as the user its later commands run as (SYSTEM under Run
    /// Command): makes or checks the pair's client folder under <c>%LOCALAPPDATA%\netperf</c> (or
    /// <c>NETPERF_STATE_DIR</c>), copies <paramref name="keyFile"/> there readable by this user alone, pins
    /// <paramref name="hostKeys"/> and writes the ssh config (port 22). It prints nothing and does not touch the hosts file.
    /// </summary>
    /// <param name="pairId">The pair.</param>
    /// <param name="keyFile">The private key's path on the client, as a PowerShell expression (for example a quoted string).</param>
    /// <param name="peerHost">The peer's address as the client reaches it.</param>
    /// <param name="user">The user on the peer.</param>
    /// <param name="hostKeys">The peer's host public keys (<c>type base64</c>).</param>
    /// <returns>The script.</returns>
    public static string FillPowerShell(string pairId, string keyFile, string peerHost, string user, IReadOnlyList<string> hostKeys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(peerHost);
        ArgumentNullException.ThrowIfNull(hostKeys);
        var host = ShellQuoting.RequireSafe(peerHost, "peer address");
        var scripts = PowerShellBootstrapScripts.Instance;
        const string me = "\"*$([Security.Principal.WindowsIdentity]::GetCurrent().User.Value)\"";
        return "& {\n$ErrorActionPreference = 'Stop'\n" + NetperfPaths.PowerShellEnsureFunction + PowerShellBootstrapScripts.ClientFolder(pairId)
            + "np_dir $r " + PowerShellBootstrapScripts.ClientSubfolder(pairId) + "\n"
            + "& icacls.exe $d /inheritance:r /grant:r (" + me + " + ':(OI)(CI)F') | Out-Null\n"
            + "if ($LASTEXITCODE -ne 0) { throw \"icacls could not make $d this user's own\" }\n"
            + "$k = Join-Path $d 'id_ed25519'\nCopy-Item -Force -Path " + keyFile + " -Destination $k\n"
            + "& icacls.exe $k /inheritance:r /grant:r (" + me + " + ':F') | Out-Null\n"
            + "if ($LASTEXITCODE -ne 0) { throw \"icacls could not make $k this user's own\" }\n"
            + scripts.WriteKnownHosts(pairId, hostKeys.Select(k => $"{PeerBootstrapper.PeerAlias},{host} {k}").ToList())
            + scripts.WriteAlias(pairId, new PeerEndpoint(host, 22), user, editHostsFile: false) + "} | Out-Null\n";
    }
}
