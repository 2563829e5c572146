namespace Netperf.Lab.Inventory;

/// <summary>Tags the lab provider reads from a spec or writes on a pair, beside the ownership tags.</summary>
public static class LabTags
{
    /// <summary>The host the client VM runs on.</summary>
    public const string ClientHost = "netperf-lab-client-host";

    /// <summary>The host the peer VM runs on.</summary>
    public const string PeerHost = "netperf-lab-peer-host";

    /// <summary>The role of a VM in its pair: <c>client</c> or <c>peer</c>.</summary>
    public const string Role = "netperf-lab-role";

    /// <summary>The calibration baseline id of the pair's hardware, recorded with every result.</summary>
    public const string Baseline = "netperf-lab-baseline";

    /// <summary>Spec tag: netem arguments for this pair (such as <c>delay 20ms loss 0.5%</c>), overriding <see cref="LabOptions.Netem"/>.</summary>
    public const string Netem = "netperf-lab-netem";
}
