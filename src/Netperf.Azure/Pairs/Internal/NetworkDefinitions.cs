using System.Text.Json.Nodes;
using Azure.Core;
using Azure.ResourceManager.Resources;
using Azure.ResourceManager.Resources.Models;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>
/// The network resources of a pair as generic-resource bodies (the Network SDK is not available):
/// an NSG that admits only the pair's subnet (and, by opt-in, one named admin source to SSH over a public IP),
/// a NAT gateway with its public IP as the subnet's explicit outbound path (on by default), a virtual network
/// with its one subnet bound to that NSG and NAT gateway and its <c>defaultOutboundAccess</c> set explicitly,
/// public IPs by opt-in, and NICs.
/// </summary>
internal static class NetworkDefinitions
{
    public static GenericResourceData SecurityGroup(AzureLocation location, IReadOnlyDictionary<string, string> tags, AzureNetworkOptions network)
    {
        var rules = new JsonArray
        {
            Rule("netperf-allow-pair-subnet", 100, "Allow", "*", network.SubnetPrefix, network.SubnetPrefix, "*"),
        };
        if (network.PublicIp)
        {
            // Validated at start-up; checked again here so that no configuration path can open SSH more widely.
            if (!AdminSourceRange.TryParse(network.PublicIpAllowedSource, out var admin, out var problem))
            {
                throw new InvalidOperationException($"Netperf:Azure:Network:PublicIpAllowedSource {problem}.");
            }

            rules.Add(Rule("netperf-allow-admin-ssh", 110, "Allow", "Tcp", admin.ToString(), network.SubnetPrefix, "22"));
        }

        // Explicit denies below the allow rules: the default AllowVnetInBound would admit the whole virtual network.
        rules.Add(Rule("netperf-deny-vnet", 4000, "Deny", "*", "VirtualNetwork", "*", "*"));
        rules.Add(Rule("netperf-deny-internet", 4001, "Deny", "*", "Internet", "*", "*"));
        return Data(location, tags, new JsonObject { ["securityRules"] = rules });
    }

    public static GenericResourceData VirtualNetwork(AzureLocation location, IReadOnlyDictionary<string, string> tags, AzureNetworkOptions network, string subnetName, ResourceIdentifier securityGroupId, ResourceIdentifier? natGatewayId)
    {
        var subnet = new JsonObject
        {
            ["addressPrefix"] = network.SubnetPrefix,
            ["networkSecurityGroup"] = new JsonObject { ["id"] = securityGroupId.ToString() },

            // Said explicitly either way: the service default changes with the api-version, and policies enforce it.
            ["defaultOutboundAccess"] = network.DefaultOutboundAccess,
        };
        if (natGatewayId is not null)
        {
            subnet["natGateway"] = new JsonObject { ["id"] = natGatewayId.ToString() };
        }

        return Data(location, tags, new JsonObject
        {
            ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray(network.AddressSpace) },
            ["subnets"] = new JsonArray(new JsonObject { ["name"] = subnetName, ["properties"] = subnet }),
        });
    }

    public static GenericResourceData NatGateway(AzureLocation location, IReadOnlyDictionary<string, string> tags, ResourceIdentifier publicIpId)
    {
        var data = Data(location, tags, new JsonObject
        {
            ["idleTimeoutInMinutes"] = 4,
            ["publicIpAddresses"] = new JsonArray(new JsonObject { ["id"] = publicIpId.ToString() }),
        });
        data.Sku = new ResourcesSku { Name = "Standard" };
        return data;
    }

    public static GenericResourceData PublicIp(AzureLocation location, IReadOnlyDictionary<string, string> tags)
    {
        var data = Data(location, tags, new JsonObject { ["publicIPAllocationMethod"] = "Static", ["publicIPAddressVersion"] = "IPv4" });
        data.Sku = new ResourcesSku { Name = "Standard" };
        return data;
    }

    public static GenericResourceData Nic(AzureLocation location, IReadOnlyDictionary<string, string> tags, string subnetId, string? publicIpId, bool accelerated)
    {
        var ipProperties = new JsonObject
        {
            ["privateIPAllocationMethod"] = "Dynamic",
            ["subnet"] = new JsonObject { ["id"] = subnetId },
        };
        if (publicIpId is not null)
        {
            ipProperties["publicIPAddress"] = new JsonObject { ["id"] = publicIpId };
        }

        return Data(location, tags, new JsonObject
        {
            ["enableAcceleratedNetworking"] = accelerated,
            ["ipConfigurations"] = new JsonArray(new JsonObject { ["name"] = "ipconfig1", ["properties"] = ipProperties }),
        });
    }

    private static JsonObject Rule(string name, int priority, string access, string protocol, string source, string destination, string ports) => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["priority"] = priority,
            ["direction"] = "Inbound",
            ["access"] = access,
            ["protocol"] = protocol,
            ["sourceAddressPrefix"] = source,
            ["sourcePortRange"] = "*",
            ["destinationAddressPrefix"] = destination,
            ["destinationPortRange"] = ports,
        },
    };

    private static GenericResourceData Data(AzureLocation location, IReadOnlyDictionary<string, string> tags, JsonObject properties)
    {
        var data = new GenericResourceData(location) { Properties = BinaryData.FromString(properties.ToJsonString()) };
        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        return data;
    }
}
