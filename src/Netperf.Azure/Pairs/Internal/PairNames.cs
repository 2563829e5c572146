namespace Netperf.Azure.Pairs.Internal;

/// <summary>The names of every resource of one pair, derived from the pair id alone (so deletion needs no state).</summary>
internal sealed class PairNames
{
    public PairNames(string pairId, AzureOptions options)
    {
        PairId = pairId;
        var shortId = new string([.. pairId.Where(char.IsAsciiLetterOrDigit)]).ToLowerInvariant();
        Short = shortId.Length > 8 ? shortId[^8..] : shortId;
        ResourceGroup = options.SharedResourceGroup ?? $"{options.ResourceGroupPrefix}-{pairId}";
        IsSharedGroup = options.SharedResourceGroup is not null;
    }

    public string PairId { get; }

    public string Short { get; }

    public string ResourceGroup { get; }

    public bool IsSharedGroup { get; }

    public string VirtualNetwork => $"np-{Short}-vnet";

    public static string Subnet => "netperf";

    public string SecurityGroup => $"np-{Short}-nsg";

    public string Vm(string role) => $"np{role[0]}-{Short}";

    public string Nic(string role) => $"np-{Short}-{role}-nic";

    public string PublicIp(string role) => $"np-{Short}-{role}-pip";

    public string NatGateway => $"np-{Short}-nat";

    public string NatPublicIp => $"np-{Short}-nat-pip";
}
