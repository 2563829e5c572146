using System.Text.Json;
using System.Text.Json.Nodes;
using Netperf.Azure.Tests.Support;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Pairs;

public sealed class AzureVmPairProviderSecurityTests
{
    [Fact]
    public async Task CreatePairAsync_SecurityGroup_AdmitsOnlyTheClientSubnet()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        var nsg = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.NetworkSecurityGroup);
        var rules = nsg.Properties["securityRules"]!.AsArray().Select(r => r!["properties"]!).ToList();
        var allows = rules.Where(r => r["access"]!.GetValue<string>() == "Allow" && r["direction"]!.GetValue<string>() == "Inbound").ToList();
        var allow = Assert.Single(allows);
        Assert.Equal("10.77.1.0/24", allow["sourceAddressPrefix"]!.GetValue<string>());
        var denies = rules.Where(r => r["access"]!.GetValue<string>() == "Deny").Select(r => r["sourceAddressPrefix"]!.GetValue<string>()).ToList();
        Assert.Contains("VirtualNetwork", denies);
        Assert.Contains("Internet", denies);
        Assert.All(rules.Where(r => r["access"]!.GetValue<string>() == "Deny"), d => Assert.True(d["priority"]!.GetValue<int>() > allow["priority"]!.GetValue<int>()));

        // The subnet both NICs sit in is bound to that NSG, the client's address is inside it, and no VM has a public IP
        // (the one public IP is the NAT gateway's, the subnet's way out).
        var vnet = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.VirtualNetwork);
        var subnet = vnet.Properties["subnets"]![0]!["properties"]!;
        Assert.Equal(nsg.Id, subnet["networkSecurityGroup"]!["id"]!.GetValue<string>());
        Assert.StartsWith("10.77.1.", pair.Client.Addresses[0], StringComparison.Ordinal);
        Assert.EndsWith("-nat-pip", Assert.Single(host.Fake.State.Snapshot(), r => r.Type == ArmTypes.PublicIpAddress).Name, StringComparison.Ordinal);
        Assert.All(host.Fake.State.Snapshot().Where(r => r.Type == ArmTypes.NetworkInterface), nic => Assert.Null(nic.Properties["ipConfigurations"]![0]!["properties"]!["publicIPAddress"]));
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task CreatePairAsync_PublicIpOptInSingleAddress_AdmitsExactlyThatAddress()
    {
        await using var host = await AzureTestHost.StartAsync(o =>
        {
            o.Network.PublicIp = true;
            o.Network.PublicIpAllowedSource = "198.51.100.7";
        });
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        var nsg = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.NetworkSecurityGroup);
        var admin = nsg.Properties["securityRules"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "netperf-allow-admin-ssh")!["properties"]!;
        Assert.Equal("198.51.100.7/32", admin["sourceAddressPrefix"]!.GetValue<string>());
        Assert.Equal("22", admin["destinationPortRange"]!.GetValue<string>());
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_PublicIpOptIn_AdmitsOnlyTheNamedAdminSource()
    {
        await using var host = await AzureTestHost.StartAsync(o =>
        {
            o.Network.PublicIp = true;
            o.Network.PublicIpAllowedSource = "198.51.100.0/24";
            o.Network.AcceleratedNetworking = true;
        });
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        Assert.Equal(2, host.Fake.State.Snapshot().Count(r => r.Type == ArmTypes.PublicIpAddress && !r.Name.EndsWith("-nat-pip", StringComparison.Ordinal)));
        var nsg = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.NetworkSecurityGroup);
        var sources = nsg.Properties["securityRules"]!.AsArray()
            .Where(r => r!["properties"]!["access"]!.GetValue<string>() == "Allow")
            .Select(r => r!["properties"]!["sourceAddressPrefix"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["10.77.1.0/24", "198.51.100.0/24"], sources);
        Assert.All(host.Fake.State.Snapshot().Where(r => r.Type == ArmTypes.NetworkInterface),
            nic => Assert.True(nic.Properties["enableAcceleratedNetworking"]!.GetValue<bool>()));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task Secrets_NeverInLogsExceptionsTagsOrResults()
    {
        await using var host = await AzureTestHost.StartAsync();
        var windows = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-2022", pairId: "sec1"));
        var linux = await host.Provider.CreatePairAsync(AzureTestHost.Request("ubuntu-22.04", pairId: "sec2"));
        var report = await host.Bootstrapper.BootstrapAsync(windows, Netperf.Core.Bootstrapping.BootstrapRequirements.None);
        var runSecret = "s3cret-" + Guid.NewGuid().ToString("N");
        var run = await linux.Client.Shell.RunAsync(new RemoteCommand { Text = $"echo token={runSecret} > /dev/null", Secrets = [runSecret] });
        host.Fake.Faults.FailVmCreation(ArmError.AllocationFailed);
        var failure = await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request("windows-2025", pairId: "sec3")));

        // The secrets as they went over the wire: admin password and SSH key in the VM PUT bodies.
        var secrets = SecretsFromWire(host).Append(runSecret).ToList();
        Assert.Contains(secrets, s => s.Length >= 20);
        var everything = string.Join("\n", host.Logs.Lines)
            + failure + JsonSerializer.Serialize(new { windows.Tags, windows.Id, windows.Client.Addresses, report, run })
            + string.Join("\n", host.Fake.State.Snapshot().Select(r => r.ToJson().ToJsonString()))
            + string.Join("\n", host.Fake.State.Snapshot().SelectMany(r => r.Tags.Values));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        Assert.Contains(host.Guests.Commands, c => c.ProtectedParameterNames.Count > 0 && c.Parameters.Values.Contains(runSecret) && !c.Script.Contains(runSecret, StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(windows.Id);
        await host.Provider.DeletePairAsync(linux.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    private static IEnumerable<string> SecretsFromWire(AzureTestHost host)
    {
        // The fake strips the password before storing it; the journal keeps the bodies as sent.
        return host.Fake.Requests.Where(r => r.Kind == ArmOperationKind.CreateVirtualMachine && r.Body is not null).Select(r => r.Body!).SelectMany(body =>
        {
            var os = JsonNode.Parse(body)!["properties"]!["osProfile"]!;
            var values = new List<string>();
            if (os["adminPassword"]?.GetValue<string>() is { } password)
            {
                values.Add(password);
            }

            return values;
        });
    }
}
