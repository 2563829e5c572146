using Netperf.Lab.Inventory;
using Netperf.Lab.Inventory.Internal;

namespace Netperf.Lab.Tests.Inventory;

public sealed class LabOptionsValidatorTests
{
    [Fact]
    public void Validate_SingleMachine_Succeeds() =>
        Assert.True(new LabOptionsValidator().Validate(null, LabOptions.SingleMachine()).Succeeded);

    [Fact]
    public void Validate_EmptyInventory_FailsNamingTheSetting()
    {
        var result = new LabOptionsValidator().Validate(null, new LabOptions());

        Assert.Contains("Netperf:Lab:Hosts is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadHosts_ReportsEveryProblemWithItsPath()
    {
        var options = new LabOptions
        {
            HeartbeatInterval = TimeSpan.FromMinutes(20),
            Hosts =
            [
                new LabHostOptions { Name = "h1", Address = "h1.lab", Hypervisor = "vmware", Images = ["x"], Link = "t" },
                new LabHostOptions { Name = "h1", Address = "h1 lab", Hypervisor = "netns", Images = ["x"], Link = "", Netns = new LabNetnsHostOptions { GuestAddress = "10.0.0.1" } },
                new LabHostOptions { Name = "h3", Address = "h3", Hypervisor = "hyperv", Images = ["windows-2022"], Link = "t", HyperV = new LabHyperVHostOptions() },
            ],
        };

        var message = new LabOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("HeartbeatInterval", message, StringComparison.Ordinal);
        Assert.Contains("Hosts:0:Hypervisor 'vmware' is unknown", message, StringComparison.Ordinal);
        Assert.Contains("Hosts:1:Name 'h1' is used by two hosts", message, StringComparison.Ordinal);
        Assert.Contains("Hosts:1:Address", message, StringComparison.Ordinal);
        Assert.Contains("Hosts:1:Link is empty", message, StringComparison.Ordinal);
        Assert.Contains("Hosts:1:Netns:GuestAddress", message, StringComparison.Ordinal);
        Assert.Contains("Hosts:2:HyperV:BaseImages has no VHDX for image 'windows-2022'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("off")]
    [InlineData("ask")]
    public void Validate_HostKeyCheckingThatTrustsAnyone_FailsNamingTheSetting(string value)
    {
        var options = LabOptions.SingleMachine();
        options.Hosts[0].Access = new LabHostAccess { Kind = LabHostAccessKind.Ssh, StrictHostKeyChecking = value };

        var message = new LabOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains($"Hosts:0:Access:StrictHostKeyChecking '{value}' must be 'yes'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToNetemArguments_FormatsDelayLossAndRate()
    {
        var netem = new LabNetemOptions { Delay = TimeSpan.FromMilliseconds(12.5), LossPercent = 0.1, RateMbps = 100 };

        Assert.Equal("delay 12.5ms loss 0.1% rate 100mbit", netem.ToNetemArguments());
    }

    [Fact]
    public void Validate_StrictHostKeyCheckingOff_IsRefusedNamingTheSetting()
    {
        var options = LabOptions.SingleMachine();
        var host = options.Hosts[0];
        host.Access = new LabHostAccess { Kind = LabHostAccessKind.Ssh, StrictHostKeyChecking = "no" };

        var message = new LabOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("Hosts:0:Access:StrictHostKeyChecking 'no' must be 'yes'", message, StringComparison.Ordinal);
    }
}
