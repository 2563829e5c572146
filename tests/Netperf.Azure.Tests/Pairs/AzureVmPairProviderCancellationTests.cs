using Netperf.Azure.Tests.Support;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Pairs;

public sealed class AzureVmPairProviderCancellationTests
{
    [Theory]
    [InlineData("PUT", "/resourcegroups/netperf-")]
    [InlineData("PUT", "/networkSecurityGroups/")]
    [InlineData("PUT", "/virtualNetworks/")]
    [InlineData("PUT", "-client-nic")]
    [InlineData("PUT", "-peer-nic")]
    [InlineData("PUT", "/virtualMachines/npc-")]
    [InlineData("PUT", "/virtualMachines/npp-")]
    [InlineData("GET", "/locations/eastus/operations/")]
    [InlineData("GET", "/instanceView")]
    [InlineData("GET", "/networkInterfaces/")]
    public async Task CreatePairAsync_CancelledAtStep_LeavesNothing(string method, string pathContains)
    {
        await using var host = await AzureTestHost.StartAsync();
        using var cancellation = new CancellationTokenSource();
        var hits = 0;
        host.Fake.OnRequest = (m, path, _) =>
        {
            if (m == method && path.Contains(pathContains, StringComparison.OrdinalIgnoreCase) && Interlocked.Increment(ref hits) == 1)
            {
                cancellation.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request(), cancellation.Token));

        Assert.Equal(1, hits);
        host.Fake.OnRequest = null;
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_VmCreationNeverCompletes_TimesOutAndLeavesNothing()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.OperationTimeout = TimeSpan.FromMinutes(5));
        host.Fake.Faults.HangVmCreation = true;

        var error = await Assert.ThrowsAsync<Netperf.Core.Pairs.PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request()));

        Assert.Equal("OperationTimedOut", error.ErrorCode);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }
}
