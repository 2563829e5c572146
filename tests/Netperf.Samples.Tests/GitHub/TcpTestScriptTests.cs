using System.Text.Json;
using Netperf.Testing;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;
using Netperf.Testing.Network;

namespace Netperf.Samples.Tests.GitHub;

/// <summary>
/// samples/github/tcp-test.sh through a real sh and real iperf3 on loopback, with <c>ssh</c> replaced by a shim that
/// runs the peer's command on this machine (after a delay, or never): the script waits for a late server and says
/// when there is none, rather than writing iperf3's error report as a result.
/// </summary>
public sealed class TcpTestScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("netperf-tcp-test-").FullName;

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Iperf3)]
    public async Task TcpTest_PeerServerListensLate_RetriesUntilConnectedAndWritesBothCounts()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Iperf3);
        var result = Path.Combine(_root, "results", "job-1.json");

        var (exit, output) = await RunScriptAsync("( sleep 0.5; exec sh -c \"$4\" ) >/dev/null 2>&1 &", result);

        Assert.True(exit == 0, $"exit {exit}: {output}");
        Assert.Contains("TCP test against netperf-peer (127.0.0.1:", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        TcpTestResult.AssertCountsAgree(json.RootElement);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Iperf3)]
    public async Task TcpTest_PeerServerNeverListens_FailsNamingThePeerAndWritesNoResult()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Iperf3);
        var result = Path.Combine(_root, "results", "job-1.json");

        var (exit, output) = await RunScriptAsync("exit 0", result);

        Assert.True(exit == 1, $"exit {exit}: {output}");
        Assert.Contains("iperf3 could not reach netperf-peer (127.0.0.1:", output, StringComparison.Ordinal);
        Assert.False(File.Exists(result), "iperf3's error report was written as the result");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs the script with an ssh shim (whose body sees ssh's arguments: -F CONFIG netperf-peer COMMAND).</summary>
    private async Task<(int ExitCode, string Output)> RunScriptAsync(string sshShimBody, string result)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        var shim = Path.Combine(bin, "ssh");
        await File.WriteAllTextAsync(shim, "#!/bin/sh\n" + sshShimBody + "\n");
        var config = Path.Combine(_root, "ssh_config");
        await File.WriteAllTextAsync(config, "Host netperf-peer\n  HostName 127.0.0.1\n");
        var script = Path.Combine(RepositoryRoot.Find(), "samples", "github", "tcp-test.sh");
        return await HostCommand.RunAsync(
            $"chmod 700 '{shim}' && PATH='{bin}':\"$PATH\" NETPERF_PEER_SSH_CONFIG='{config}' sh '{script}' '{result}'", TimeSpan.FromSeconds(60));
    }
}
