using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.HyperV;
using Netperf.Lab.Drivers.Libvirt;
using Netperf.Lab.Drivers.Static;
using Netperf.Lab.Inventory;
using Netperf.Lab.Tests.Fakes;

namespace Netperf.Lab.Tests.Drivers;

public sealed class StaticVmDriverTests
{
    private const string Prologue = "$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n";
    private static readonly Dictionary<string, string> Tags = new() { ["netperf-pair"] = "p1" };

    [Fact]
    public async Task CreateAndDelete_RestoreTheCleanCheckpointAndTagThenUntag()
    {
        var shell = new ScriptedHostShell()
            .Expect(Prologue + "Stop-VM -Name 'perf-vm-07' -TurnOff -Force")
            .Expect(Prologue + "Restore-VMSnapshot -VMName 'perf-vm-07' -Name 'golden' -Confirm:$false")
            .Expect(Prologue + $"Set-VM -Name 'perf-vm-07' -Notes '{HyperVDriverTests.Encoded(Tags)}'")
            .Expect(Prologue + "Start-VM -Name 'perf-vm-07'", exitCode: 1, error: "Start-VM: The virtual machine is already in the specified state.")
            .Expect(Prologue + "Stop-VM -Name 'perf-vm-07' -TurnOff -Force")
            .Expect(Prologue + "Restore-VMSnapshot -VMName 'perf-vm-07' -Name 'golden' -Confirm:$false")
            .Expect(Prologue + "Set-VM -Name 'perf-vm-07' -Notes ''");
        var driver = new StaticVmDriver([new HyperVDriver(), new LibvirtDriver()]);
        var host = new LabHost(new LabHostOptions
        {
            Name = "hv7",
            Address = "hv7.lab",
            Hypervisor = LabHypervisors.Static,
            Images = ["windows-2022"],
            Link = "tor1",
            Static = new LabStaticHostOptions { VmName = "perf-vm-07", Checkpoint = "golden", Hypervisor = LabHypervisors.HyperV },
        }, shell);

        await driver.CreateVmAsync(host, new LabVmSpec { Name = "perf-vm-07", Image = "windows-2022", Tags = Tags });
        await driver.StartVmAsync(host, "perf-vm-07");
        await driver.DeleteVmAsync(host, "perf-vm-07");

        shell.Verify();
    }
}
