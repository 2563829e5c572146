namespace Netperf.Lab.Inventory;

/// <summary>One physical host of the lab, as data. A host runs at most one job's VM at a time.</summary>
public sealed class LabHostOptions
{
    /// <summary>A unique name for the host, used in leases, logs and tags (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The host's management address (DNS name or IP) that the orchestrator connects to.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>How the orchestrator reaches the host.</summary>
    public LabHostAccess Access { get; set; } = new();

    /// <summary>The hypervisor: <c>hyperv</c>, <c>libvirt</c>, <c>netns</c> or <c>static</c> (see <see cref="LabHypervisors"/>).</summary>
    public string Hypervisor { get; set; } = string.Empty;

    /// <summary>The OS images the host can run (names jobs ask for, such as <c>ubuntu-24.04</c>, <c>windows-2022</c>).</summary>
    public IList<string> Images { get; init; } = [];

    /// <summary>
    /// The link (switch, segment or direct cable) the host's lab NIC is on. Two hosts can form a pair only when
    /// they share a link.
    /// </summary>
    public string Link { get; set; } = string.Empty;

    /// <summary>The lab NIC's speed in Gbit/s, for placement and reports; 0 when unknown.</summary>
    public double NicSpeedGbps { get; set; }

    /// <summary>The lab link's speed in Gbit/s; 0 when unknown. A pair's link speed is the lower of its two hosts'.</summary>
    public double LinkSpeedGbps { get; set; }

    /// <summary>The host's hardware class (CPU, NIC model); hosts of one class are like hardware for calibration.</summary>
    public string? HardwareClass { get; set; }

    /// <summary>Free-form tags such as <c>rack</c> or <c>switch</c>; copied to the pair's tags as <c>netperf-lab-host-*</c>.</summary>
    public IDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether jobs may use the host; defaults to <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether the host is quarantined by its owner (never placed until cleared); defaults to <see langword="false"/>.</summary>
    public bool Quarantined { get; set; }

    /// <summary>
    /// How many VMs of different pairs the host runs at once, 1 to 256; defaults to 1 (a host serves one job at a time, so
    /// jobs never disturb each other). The single-machine lab sets 32: its VMs are namespaces, each pair on a bridge and
    /// subnet of its own (<see cref="LabNetnsHostOptions.PerPairLinks"/>).
    /// </summary>
    public int MaxVms { get; set; } = 1;

    /// <summary>Settings of the <c>netns</c> driver.</summary>
    public LabNetnsHostOptions? Netns { get; set; }

    /// <summary>Settings of the <c>hyperv</c> driver.</summary>
    public LabHyperVHostOptions? HyperV { get; set; }

    /// <summary>Settings of the <c>libvirt</c> driver.</summary>
    public LabLibvirtHostOptions? Libvirt { get; set; }

    /// <summary>Settings of the <c>static</c> driver.</summary>
    public LabStaticHostOptions? Static { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Hypervisor} at {Address})";
}
