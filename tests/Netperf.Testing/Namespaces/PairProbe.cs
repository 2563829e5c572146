using System.Globalization;
using System.Text.Json;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Testing.Namespaces;

/// <summary>Checks a Linux pair end to end: an SSH session from client to <c>netperf-peer</c>, and iperf3 across the pair.</summary>
public static class PairProbe
{
    /// <summary>
    /// Proves the pair ready the way a bootstrapper does: a key made on the client is installed on the peer, the
    /// client gets a <c>netperf-peer</c> alias, and the client runs a command on the peer over SSH.
    /// </summary>
    /// <returns>The peer's answer (its <c>eth0</c> IPv4 address line).</returns>
    public static async Task<string> ProveReadyAsync(VmPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var peerAddress = pair.Peer.Addresses[0];
        await CheckAsync(pair.Client.Shell, "rm -f /root/.ssh/id_ed25519 /root/.ssh/id_ed25519.pub && ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519");
        var publicKey = await CheckAsync(pair.Client.Shell, "cat /root/.ssh/id_ed25519.pub");
        await CheckAsync(pair.Peer.Shell, "cat >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys", publicKey);
        await CheckAsync(pair.Client.Shell,
            $"printf 'Host netperf-peer\\n  HostName {peerAddress}\\n  User root\\n  StrictHostKeyChecking accept-new\\n  UserKnownHostsFile /root/.ssh/known_hosts\\n' > /root/.ssh/config");
        return await CheckAsync(pair.Client.Shell, "ssh -o BatchMode=yes -o ConnectTimeout=5 netperf-peer 'ip -4 -o addr show dev eth0'");
    }

    /// <summary>Runs iperf3 from client to peer for <paramref name="seconds"/>; returns the received bits per second.</summary>
    public static async Task<double> Iperf3Async(VmPair pair, int seconds = 1)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var peer = pair.Peer.Addresses[0];
        await CheckAsync(pair.Peer.Shell, "iperf3 -s -1 -D -B " + peer);
        // Wait (bounded) until the daemon listens: it forks before it binds.
        await CheckAsync(pair.Peer.Shell, "for i in $(seq 200); do ss -Hltn 'sport = :5201' | grep -q LISTEN && exit 0; sleep 0.05; done; exit 1");
        var json = await CheckAsync(pair.Client.Shell, string.Create(CultureInfo.InvariantCulture, $"iperf3 -c {peer} -t {seconds} -J"));
        using var document = JsonDocument.Parse(json);
        // iperf3 -J exits 0 when the test fails (e.g. it could not connect): the JSON's "error" member says so.
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"iperf3 from {pair.Client.Shell.Description} to {peer} failed: {error.GetString()}");
        }

        return document.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
    }

    /// <summary>Runs a command and throws with its output when it fails.</summary>
    public static async Task<string> CheckAsync(IRemoteShell shell, string text, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var result = await shell.RunAsync(new RemoteCommand { Text = text, StandardInput = input, Timeout = TimeSpan.FromSeconds(60) });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"'{text}' on {shell.Description} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");
        }

        return result.StandardOutput;
    }
}
