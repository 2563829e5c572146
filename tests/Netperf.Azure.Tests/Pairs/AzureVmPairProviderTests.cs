using Netperf.Azure.Tests.Support;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Pairs;

public sealed class AzureVmPairProviderTests
{
    [Fact]
    public async Task CreatePairAsync_EndToEnd_BootstrapsReadyAndDeleteLeavesNothing()
    {
        await using var host = await AzureTestHost.StartAsync();

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        Assert.Equal("azure", pair.Environment);
        Assert.Equal(["10.77.1.4"], pair.Client.Addresses);
        Assert.Equal(["10.77.1.5"], pair.Peer.Addresses);
        var vms = host.Fake.State.Snapshot().Where(r => r.Type == ArmTypes.VirtualMachine).ToList();
        Assert.Equal(2, vms.Count);
        Assert.All(vms, vm => Assert.Equal("Succeeded", vm.ProvisioningState));
        Assert.All(host.Fake.State.Snapshot().Where(r => r.Type != ArmTypes.Disk), r => Assert.True(OwnershipTags.IsOurs(r.Tags), r.Id));

        var report = await host.Bootstrapper.BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3"] });

        Assert.True(report.IsReady, string.Join("; ", report.Steps.Select(s => $"{s.Name}:{s.Outcome}:{s.Detail}")));
        Assert.Equal("prove-ready", report.Steps[^1].Name);
        var echo = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = "echo hello" });
        Assert.Equal(0, echo.ExitCode);
        // One run-command resource per VM, sent again for every command and never deleted in between (a delete takes minutes).
        Assert.Equal(["netperf-shell", "netperf-shell"], host.Fake.State.Snapshot().Where(r => r.Type == ArmTypes.RunCommand).Select(r => r.Name));

        await host.Provider.DeletePairAsync(pair.Id);

        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_Bootstrap_ProofFailsWhenPeerDoesNotAdmitClient()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Guests.FailStep = null;
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        // A peer that never got the client's key: the proof must fail, never report ready.
        host.Fake.GuestHandler = (command, ct) => host.Guests.HandleAsync(
            command with { Script = command.Script.Replace("NETPERF_CLIENT_KEY='ssh-", "NETPERF_CLIENT_KEY='ssh-other-", StringComparison.Ordinal) }, ct);
        var bootstrapper = new Netperf.Azure.Bootstrapping.AzureRunCommandBootstrapper(
            Microsoft.Extensions.Options.Options.Create(new AzureOptions { PollDelay = TimeSpan.Zero }),
            host.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Netperf.Azure.Bootstrapping.AzureRunCommandBootstrapper>.Instance)
        { ProofAttempts = 2 };

        var report = await bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        Assert.Equal("prove-ready", report.FirstFailure?.Name);
        Assert.Contains("Permission denied", report.FirstFailure?.Detail, StringComparison.Ordinal);
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_Bootstrap_ImpostorPeerHostKeyIsRefusedNeverReady()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        // After the peer reported its host key through Run Command, something else answers at its address with another key.
        host.Fake.GuestHandler = async (command, ct) =>
        {
            var result = await host.Guests.HandleAsync(command, ct);
            if (command.Script.Contains("# netperf-step: peer-setup", StringComparison.Ordinal))
            {
                host.Guests.ReplaceHostKey($"{command.ResourceGroup}/{command.VmName}");
            }

            return result;
        };
        var bootstrapper = new Netperf.Azure.Bootstrapping.AzureRunCommandBootstrapper(
            Microsoft.Extensions.Options.Options.Create(new AzureOptions { PollDelay = TimeSpan.Zero }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Netperf.Azure.Bootstrapping.AzureRunCommandBootstrapper>.Instance)
        { ProofAttempts = 2 };

        var report = await bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        Assert.Equal("prove-ready", report.FirstFailure?.Name);
        Assert.Contains("Host key verification failed", report.FirstFailure?.Detail, StringComparison.Ordinal);
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_Bootstrap_PeerReportsNoHostKey_FailsAtPeerSetup()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        host.Fake.GuestHandler = async (command, ct) =>
        {
            var result = await host.Guests.HandleAsync(command, ct);
            return command.Script.Contains("# netperf-step: peer-setup", StringComparison.Ordinal)
                ? result with { Output = System.Text.RegularExpressions.Regex.Replace(result.Output, "netperf-host-key [^\n]*\n", string.Empty) }
                : result;
        };

        var report = await host.Bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        Assert.Equal("peer-setup", report.FirstFailure?.Name);
        Assert.Contains("no SSH host key", report.FirstFailure?.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Guests.Commands, c => c.Script.Contains("# netperf-step: peer-alias", StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task CreatePairAsync_AllocationFailed_DeletesEverythingAndNamesStepAndCode()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.Faults.FailVmCreation(ArmError.AllocationFailed);

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request()));

        Assert.Equal("AllocationFailed", error.ErrorCode);
        Assert.StartsWith("vm-", error.Step, StringComparison.Ordinal);
        Assert.Contains("AllocationFailed", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_QuotaRejected_RaisesOperationNotAllowedAndLeavesNothing()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.Faults.Reject(ArmOperationKind.CreateVirtualMachine, ArmError.QuotaExceeded);

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request()));

        Assert.Equal("OperationNotAllowed", error.ErrorCode);
        Assert.Contains("quota", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_UnknownImage_ListsCatalogAndCreatesNothing()
    {
        await using var host = await AzureTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request("debian-13")));

        Assert.Equal("image", error.Step);
        foreach (var name in new[] { "ubuntu-22.04", "ubuntu-24.04", "windows-2022", "windows-2025" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task CreatePairAsync_Throttled_HonoursRetryAfterAndSucceeds()
    {
        await using var host = await AzureTestHost.StartAsync();
        var throttle = host.Fake.Faults.Throttle(new ArmThrottle { Kind = ArmOperationKind.CreateNetworkResource, Times = 2, RetryAfter = TimeSpan.FromMilliseconds(300) });
        var started = host.Clock.GetTimestamp();

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        Assert.Equal(2, throttle.Throttled);
        // Two announced waits of 300 ms, waited on the provider's clock.
        Assert.True(host.Clock.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(600));
        var puts = host.Fake.Requests.Where(r => r.Kind == ArmOperationKind.CreateNetworkResource).ToList();
        Assert.Equal(2, puts.Count(r => r.Status == 429));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_PersistentThrottling_FailsWithTooManyRequestsAndLeavesNothing()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.Faults.Throttle(new ArmThrottle { Kind = ArmOperationKind.CreateNetworkResource, Times = 100, RetryAfter = TimeSpan.FromMilliseconds(5) });

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request()));

        Assert.Equal("TooManyRequests", error.ErrorCode);
        Assert.Equal("network-security-group", error.Step);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_WindowsImage_UsesPasswordTrustedLaunchAndWindowsScripts()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.Images["windows-prerelease"] = new AzureImageOptions
        {
            GalleryImageId = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/ws-next",
            SecureBoot = false,
        });

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-prerelease"));

        var vm = host.Fake.State.Snapshot().First(r => r.Type == ArmTypes.VirtualMachine);
        Assert.NotNull(vm.Properties["osProfile"]!["windowsConfiguration"]);
        Assert.Null(vm.Properties["osProfile"]!["adminPassword"]);
        Assert.EndsWith("/images/ws-next", vm.Properties["storageProfile"]!["imageReference"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("TrustedLaunch", vm.Properties["securityProfile"]!["securityType"]!.GetValue<string>());
        Assert.False(vm.Properties["securityProfile"]!["uefiSettings"]!["secureBootEnabled"]!.GetValue<bool>());
        var report = await host.Bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);
        Assert.True(report.IsReady, string.Join("; ", report.Steps.Select(s => $"{s.Name}:{s.Outcome}:{s.Detail}")));
        Assert.Contains(host.Guests.Commands, c => c.Script.Contains("New-NetFirewallRule", StringComparison.Ordinal) && c.Script.Contains("$NETPERF_CLIENT_IP = '10.77.1.4'", StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }
}
