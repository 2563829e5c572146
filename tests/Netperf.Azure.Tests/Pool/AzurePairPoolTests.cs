using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Azure.Tests.Support;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Pool;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Pool;

/// <summary>The Azure provider under Core's <see cref="PairPool"/>, against the ARM fake.</summary>
public sealed class AzurePairPoolTests
{
    [Fact]
    public async Task RunAsync_With30PercentAllocationFailuresAndTheDefaults_EveryJobRunsOnAHealthyPairAndNothingIsLeft()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.Faults.Seed(5);
        host.Fake.Faults.VmAllocationFailureRate = 0.3;
        var loggers = host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();
        var pool = new PairPool(
            new PairProvisioner(new VmPairProviderCatalog([host.Provider]), host.Bootstrapper, host.Clock, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<PairProvisioner>(loggers)),
            Options.Create(new PairPoolOptions { Owner = "pool-test" }),
            host.Clock,
            loggers);
        var specs = new[] { new MachineSpec { Image = "ubuntu-24.04", Environment = "azure" }, new MachineSpec { Image = "windows-2022", Environment = "azure" } };
        var jobs = Enumerable.Range(0, 8).Select(i => new PoolJob { Id = $"job-{i}", Spec = specs[i % 2] }).ToList();
        var ranOn = new ConcurrentDictionary<string, (VmPair Pair, string ClientState, string PeerState)>();

        IReadOnlyList<PoolJobOutcome> outcomes;
        await using (pool)
        {
            outcomes = await pool.RunAsync(jobs, async (lease, token) =>
            {
                var result = await lease.Pair.Client.Shell.RunAsync(new RemoteCommand { Text = "echo job" }, token);
                Assert.Equal(0, result.ExitCode);
                Assert.True(lease.Readiness.IsReady);
                var client = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.VirtualMachine && r.Name == lease.Pair.Client.Name);
                var peer = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.VirtualMachine && r.Name == lease.Pair.Peer.Name);
                ranOn[lease.Job.Id] = (lease.Pair, client.ProvisioningState, peer.ProvisioningState);
            });
        }

        var failureLog = string.Join(Environment.NewLine, host.Logs.Lines.Where(l => l.Contains("[1009]", StringComparison.Ordinal)).Select(l => l.Split('\n')[0]));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, $"{o.Job.Id}: {o.Error}{Environment.NewLine}Failures logged:{Environment.NewLine}{failureLog}"));
        Assert.True(host.Fake.Faults.VmFailuresInjected > 0, "the test must inject allocation failures");
        foreach (var job in jobs)
        {
            var (pair, clientState, peerState) = ranOn[job.Id];
            Assert.True(pair.Spec.IsInterchangeableWith(job.Spec));
            Assert.Equal("Succeeded", clientState);
            Assert.Equal("Succeeded", peerState);
        }

        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }
}
