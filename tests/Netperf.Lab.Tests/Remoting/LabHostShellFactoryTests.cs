using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;
using Netperf.Lab.Remoting.Internal;

namespace Netperf.Lab.Tests.Remoting;

public sealed class LabHostShellFactoryTests
{
    [Fact]
    public void Target_LinuxHost_PosixWithItsKeyAndPinnedKnownHosts()
    {
        var host = new LabHostOptions
        {
            Name = "n1",
            Address = "10.1.0.5",
            Hypervisor = LabHypervisors.Netns,
            Access = new LabHostAccess { User = "root", Port = 2222, IdentityFile = "/keys/lab", KnownHostsFile = "/keys/lab_known_hosts" },
        };

        var target = LabHostShellFactory.Target(host);

        Assert.Equal("10.1.0.5", target.Host);
        Assert.Equal(2222, target.Port);
        Assert.Equal("root", target.User);
        Assert.Equal("/keys/lab", target.IdentityFile);
        Assert.Equal("/keys/lab_known_hosts", target.KnownHostsFile);
        Assert.Equal(HostKeyPolicy.Strict, target.HostKeyPolicy);
        Assert.Equal(RemoteShellFlavor.Posix, target.Flavor);
    }

    [Fact]
    public void Target_NoKnownHostsFileAndAcceptNew_UsesTheUsersKnownHostsTrustingOnFirstUse()
    {
        var host = new LabHostOptions { Name = "n1", Address = "n1.lab", Hypervisor = LabHypervisors.Libvirt, Access = new LabHostAccess { StrictHostKeyChecking = "accept-new" } };

        var target = LabHostShellFactory.Target(host);

        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts"), target.KnownHostsFile);
        Assert.Equal(HostKeyPolicy.AcceptNewThenStrict, target.HostKeyPolicy);
    }

    [Theory]
    [InlineData(LabHypervisors.HyperV, null)]
    [InlineData(LabHypervisors.Static, LabHypervisors.HyperV)]
    public void Target_WindowsHost_SendsTheDriversCommandLineAsGiven(string hypervisor, string? staticHypervisor)
    {
        var host = new LabHostOptions
        {
            Name = "w1",
            Address = "w1.lab",
            Hypervisor = hypervisor,
            Static = staticHypervisor is null ? null : new LabStaticHostOptions { Hypervisor = staticHypervisor, VmName = "vm" },
        };

        Assert.Equal(RemoteShellFlavor.Native, LabHostShellFactory.Target(host).Flavor);
    }

    [Fact]
    public async Task Create_SameSshHostTwice_SharesOneConnectionUntilTheFactoryIsDisposed()
    {
        await using var factory = new LabHostShellFactory(TimeProvider.System);
        var host = new LabHostOptions { Name = "n1", Address = "n1.lab", Hypervisor = LabHypervisors.Netns };

        await using var first = factory.Create(host);
        await using var second = factory.Create(host);

        Assert.Equal(first.Description, second.Description);
        Assert.Equal("ssh root@n1.lab:22", first.Description);
    }
}
