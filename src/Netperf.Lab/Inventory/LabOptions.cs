namespace Netperf.Lab.Inventory;

/// <summary>
/// The lab: its hosts as data and how the provider treats them. Bound from <c>Netperf:Lab</c>
/// and validated at start-up.
/// </summary>
public sealed class LabOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Netperf:Lab";

    /// <summary>The hosts of the lab. A pair needs two enabled, healthy hosts on the same <see cref="LabHostOptions.Link"/>.</summary>
    public IList<LabHostOptions> Hosts { get; init; } = [];

    /// <summary>
    /// The prefix of every VM, namespace, veth and file the provider creates; defaults to <c>npl</c>.
    /// Keep it short (1-5 lower-case letters or digits, starting with a letter): Linux interface names are limited to 15.
    /// </summary>
    public string NamePrefix { get; set; } = "npl";

    /// <summary>Consecutive failures (create, reset or bootstrap) after which a host is quarantined, 1 to 100; defaults to 3.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long a host lease lives without a heartbeat; defaults to 10 minutes.</summary>
    public TimeSpan LeaseTimeToLive { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often leases of live pairs are renewed; defaults to 1 minute. Must be shorter than <see cref="LeaseTimeToLive"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a request waits for two free hosts when all usable hosts are leased; defaults to 30 minutes.
    /// Zero fails at once when no hosts are free.
    /// </summary>
    public TimeSpan PlacementTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long to wait for a new VM to report an address; defaults to 5 minutes.</summary>
    public TimeSpan AddressTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one host command may run; defaults to 10 minutes (creating a VM from a large image is slow).</summary>
    public TimeSpan HostCommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Optional link shaping applied to every pair made by the <c>netns</c> driver (WAN emulation with <c>tc netem</c>);
    /// <see langword="null"/> (the default) leaves the link as it is. A spec tag <see cref="LabTags.Netem"/> overrides it per pair.
    /// </summary>
    public LabNetemOptions? Netem { get; set; }

    /// <summary>
    /// A lab of this one machine: two "hosts" that are this machine (no SSH hop) whose VMs are network namespaces
    /// joined by a private bridge. Up to 32 pairs at once, from any number of processes: each pair gets a bridge
    /// <c>nplbr-n</c> and subnet <c>10.213.n.0/24</c> of its own (<see cref="LabNetnsHostOptions.PerPairLinks"/>).
    /// Needs root on Linux with iproute2 and OpenSSH.
    /// </summary>
    /// <param name="image">The image name jobs ask for; defaults to <c>ubuntu-24.04</c> (the VMs run this machine's OS).</param>
    /// <returns>Options for a single-machine lab.</returns>
    public static LabOptions SingleMachine(string image = "ubuntu-24.04")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        LabHostOptions Host(string name, string guestAddress) => new()
        {
            Name = name,
            Address = "127.0.0.1",
            Access = new LabHostAccess { Kind = LabHostAccessKind.Local },
            Hypervisor = LabHypervisors.Netns,
            Images = [image],
            Link = "local",
            MaxVms = 32,
            Netns = new LabNetnsHostOptions { Bridge = "nplbr", GuestAddress = guestAddress, CreateBridge = true, PerPairLinks = true },
        };

        return new LabOptions
        {
            Hosts = [Host("local-a", "10.213.0.11/24"), Host("local-b", "10.213.0.12/24")],
            AllowSharedMachine = true,
        };
    }

    /// <summary>
    /// True when several inventory hosts may be the same physical machine (the single-machine lab); a host
    /// lease then still keeps each inventory host to one VM. Defaults to <see langword="false"/>.
    /// </summary>
    public bool AllowSharedMachine { get; set; }
}
