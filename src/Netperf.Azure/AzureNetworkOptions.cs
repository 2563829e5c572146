namespace Netperf.Azure;

/// <summary>The network part of <see cref="AzureOptions"/> (<c>Netperf:Azure:Network</c>).</summary>
public sealed class AzureNetworkOptions
{
    /// <summary>The virtual network's address space; default <c>10.77.0.0/16</c>.</summary>
    public string AddressSpace { get; set; } = "10.77.0.0/16";

    /// <summary>The subnet both machines sit in (the only source the peer admits); default <c>10.77.1.0/24</c>.</summary>
    public string SubnetPrefix { get; set; } = "10.77.1.0/24";

    /// <summary>Give each VM a public IP; default false (no inbound from the internet at all).</summary>
    public bool PublicIp { get; set; }

    /// <summary>
    /// The only source admitted (to SSH, port 22) from outside the subnet when <see cref="PublicIp"/> is on, for example
    /// your office's egress range <c>203.0.113.0/24</c>; required then. One address, or a CIDR range with its host bits
    /// zero of at most 65,536 IPv4 addresses (<c>/16</c> or narrower) or an IPv6 <c>/48</c> or narrower; service tags
    /// (<c>*</c>, <c>Internet</c>) and IPv6 ranges that stand for IPv4 space are refused at start-up.
    /// </summary>
    public string? PublicIpAllowedSource { get; set; }

    /// <summary>
    /// Give the pair's subnet an explicit outbound path to the internet: a NAT gateway with its own public IP
    /// (made, tagged and deleted with the pair). Default true. The bootstrap downloads tools (PowerShell, the
    /// runner) and a runner must reach GitHub, and Azure's implicit default outbound access is being retired
    /// (subnets are private by default in newer network api-versions, and by policy in many subscriptions).
    /// Turn it off for a pair that needs no internet, or whose subnet gets outbound another way (then a
    /// download fails at once with a message that says there is no outbound access).
    /// </summary>
    public bool NatGateway { get; set; } = true;

    /// <summary>
    /// The subnet's <c>defaultOutboundAccess</c>, always set explicitly; default false (a private subnet: no
    /// implicit outbound path; outbound goes through <see cref="NatGateway"/>). True asks for Azure's implicit
    /// default outbound access, which is being retired and which policies often forbid.
    /// </summary>
    public bool DefaultOutboundAccess { get; set; }

    /// <summary>Enable accelerated networking on both NICs; default false (needs a size that supports it).</summary>
    public bool AcceleratedNetworking { get; set; }

    /// <summary>The api-version for Microsoft.Network resources (pinned; no provider lookup); default <c>2023-09-01</c>.</summary>
    public string ApiVersion { get; set; } = "2023-09-01";
}
