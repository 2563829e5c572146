using Netperf.Core.Remoting;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.Netns;
using Netperf.Lab.Inventory;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>The netns driver's VM folders, made on this machine: private to root, and never made through a link.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetnsDriverFolderTests(SingleMachineFixture fixture) : IClassFixture<SingleMachineFixture>
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task CreateVm_FolderLeftBehind_MakesTheVmInItWithPrivateFolders()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;
        await using var shell = new LocalProcessShell();
        var host = Host(lab, shell);
        var driver = new NetnsDriver(commandTimeout: TimeSpan.FromSeconds(30));
        var vm = $"{lab.VmPrefix}00000001c";
        var d = $"{lab.StateDirectory}/{vm}";
        Directory.CreateDirectory($"{d}/root", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        try
        {
            await driver.CreateVmAsync(host, new LabVmSpec { Name = vm, Image = "ubuntu-24.04", Tags = new Dictionary<string, string>() });

            Assert.Equal(
                [Private, Private, Private, Private, (UnixFileMode)0b1_111_111_111],
                new[] { lab.StateDirectory, d, $"{d}/root", $"{d}/root/.ssh", $"{d}/tmp" }.Select(File.GetUnixFileMode));
            Assert.True(File.Exists($"/var/run/netns/{vm}"));
        }
        finally
        {
            await driver.DeleteVmAsync(host, vm);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task CreateVm_FolderIsALink_RefusesAndMakesNothingWhereTheLinkPoints()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;
        await using var shell = new LocalProcessShell();
        var host = Host(lab, shell);
        var driver = new NetnsDriver(commandTimeout: TimeSpan.FromSeconds(30));
        var vm = $"{lab.VmPrefix}00000002c";
        var d = $"{lab.StateDirectory}/{vm}";
        var target = Directory.CreateTempSubdirectory("netperf-lab-link-");
        Directory.CreateDirectory(lab.StateDirectory, Private);
        File.CreateSymbolicLink(d, target.FullName);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => driver.CreateVmAsync(host, new LabVmSpec { Name = vm, Image = "ubuntu-24.04", Tags = new Dictionary<string, string>() }));

            Assert.Contains($"lab state folder {d} is not a real folder", error.Message, StringComparison.Ordinal);
            Assert.Empty(target.EnumerateFileSystemInfos());
            Assert.False(File.Exists($"/var/run/netns/{vm}"));
        }
        finally
        {
            File.Delete(d);
            target.Delete(recursive: true);
            Directory.Delete(lab.StateDirectory);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    private static LabHost Host(NamespaceLab lab, IRemoteShell shell) => new(
        new LabHostOptions
        {
            Name = "local-a",
            Address = "127.0.0.1",
            Access = new LabHostAccess { Kind = LabHostAccessKind.Local },
            Hypervisor = LabHypervisors.Netns,
            Images = ["ubuntu-24.04"],
            Link = "local",
            Netns = new LabNetnsHostOptions
            {
                Bridge = $"{lab.VmPrefix}br0", CreateBridge = true, GuestAddress = $"10.{lab.Id[1] - '0' + 150}.0.11/24", StateDirectory = lab.StateDirectory,
            },
        },
        shell);
}
