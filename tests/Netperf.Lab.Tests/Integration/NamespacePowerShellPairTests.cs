using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Core.Remoting;
using Netperf.Lab.Hosting;
using Netperf.Lab.Pairs;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>PowerShell-ready pairs in the single-machine namespace lab: pwsh in both VMs and a remoting session client to peer.</summary>
public sealed class NamespacePowerShellPairTests(SingleMachineFixture fixture) : IClassFixture<SingleMachineFixture>
{
    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task CreatePair_PowerShell_ReadyByInvokeCommandAndAScriptFileRunsOnThePeer()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Pwsh);
        var lab = fixture.Lab;
        await using var container = Services(lab);
        var provider = container.GetRequiredService<LabVmPairProvider>();

        var pair = await provider.CreatePairAsync(LabHarness.Request("run-15-1") with { RequirePowerShell = true });
        try
        {
            Assert.Equal(PeerBootstrapper.PowerShellShell, pair.Tags[PeerBootstrapper.ShellTag]);
            var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);
            Assert.True(report.IsReady, string.Join("\n", report.Steps.Select(s => $"{s.Name} {s.Outcome} {s.Detail}")));
            Assert.Contains("Invoke-Command -HostName netperf-peer (PowerShell 7.", report.Steps[^1].Detail, StringComparison.Ordinal);

            // A user's script file, run on netperf-peer from the client with nothing but -HostName: it reports the peer VM's address.
            var script = "(& ip -4 -o addr show dev eth0) -join ''";
            var command = "cd /root && printf '%s\\n' " + ShellQuoting.Posix(script) + " > prepare-machine.ps1 && " +
                          $"PATH=\"$PATH:{Path.GetDirectoryName(Prerequisites.FindPwsh())}\" pwsh -NoLogo -NoProfile -NonInteractive -Command 'Invoke-Command -HostName netperf-peer -FilePath ./prepare-machine.ps1'";
            var answer = await LabHarness.CheckAsync(pair.Client.Shell, PeerBootstrapper.CommandOnClient(pair, command));
            Assert.Contains(pair.Peer.Addresses[0] + "/", answer, StringComparison.Ordinal);
            Assert.DoesNotContain(pair.Client.Addresses[0] + "/", answer, StringComparison.Ordinal);
        }
        finally
        {
            await provider.DeletePairAsync(pair.Id);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    private static ServiceProvider Services(NamespaceLab lab)
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddSingleMachineLab(options =>
        {
            options.NamePrefix = lab.VmPrefix;
            foreach (var (host, i) in options.Hosts.Select((h, i) => (h, i)))
            {
                host.Netns!.Bridge = $"{lab.VmPrefix}br0";
                host.Netns.StateDirectory = lab.StateDirectory;
                host.Netns.GuestAddress = $"10.216.{lab.Id[1] - '0' + 100}.{31 + i}/24";
            }
        });
        return services.BuildServiceProvider();
    }
}
