using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Lab.Calibration;
using Netperf.Lab.Drivers;
using Netperf.Lab.Health;
using Netperf.Lab.Inventory;
using Netperf.Lab.Leasing.Internal;
using Netperf.Lab.Pairs.Internal;
using Netperf.Lab.Remoting;

namespace Netperf.Lab.Pairs;

/// <summary>
/// Pairs on lab hosts: one VM per host, created for a job and deleted after it, the two VMs on two hosts that share
/// a link. Hosts are leased (a host serves one pair at a time), quarantined when they keep failing, and driven through
/// their hypervisor driver over <see cref="ILabHostShellFactory"/> sessions. Each VM carries the ownership tags, so any
/// process can list and delete the pairs.
/// </summary>
public sealed partial class LabVmPairProvider : IVmPairProvider, IPairBootstrapObserver, IAsyncDisposable
{
    /// <summary>The environment name this provider serves.</summary>
    public const string EnvironmentName = "lab";

    private readonly IOptionsMonitor<LabOptions> _options;
    private readonly Dictionary<string, IHypervisorDriver> _drivers;
    private readonly ILabHostShellFactory _shells;
    private readonly ILabCalibration _calibration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HostLeaseTable _leases;
    private readonly ConcurrentDictionary<string, LivePair> _live = new(StringComparer.Ordinal);
    private readonly object _timerGate = new();
    private ITimer? _heartbeat;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The lab inventory and settings.</param>
    /// <param name="drivers">The hypervisor drivers, one per hypervisor name.</param>
    /// <param name="shells">Opens sessions to hosts.</param>
    /// <param name="health">Host health and quarantine.</param>
    /// <param name="calibration">Gives each pair its baseline id.</param>
    /// <param name="timeProvider">The clock for leases, expiry and waits.</param>
    /// <param name="logger">The logger.</param>
    public LabVmPairProvider(
        IOptionsMonitor<LabOptions> options,
        IEnumerable<IHypervisorDriver> drivers,
        ILabHostShellFactory shells,
        LabHostHealth health,
        ILabCalibration calibration,
        TimeProvider timeProvider,
        ILogger<LabVmPairProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(shells);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _drivers = drivers.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        _shells = shells;
        Health = health;
        _calibration = calibration;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _leases = new HostLeaseTable(timeProvider);
    }

    /// <inheritdoc />
    public string Environment => EnvironmentName;

    /// <summary>The hosts' health: failures, quarantines.</summary>
    public LabHostHealth Health { get; }

    /// <summary>The host a pair holds right now, for diagnostics: who holds <paramref name="host"/>, or <see langword="null"/>.</summary>
    /// <param name="host">The host's name.</param>
    /// <returns>The pair id holding the host's lease.</returns>
    public string? LeaseHolderOf(string host) => _leases.HolderOf(host);

    /// <summary>
    /// Tells the provider how bootstrapping a pair went, so a host whose pairs keep failing to bootstrap is quarantined.
    /// The <c>PairProvisioner</c> (and so the <c>PairPool</c>) calls it for every pair it provisions here.
    /// </summary>
    /// <param name="pair">A pair this provider made.</param>
    /// <param name="report">The bootstrapper's report.</param>
    public void ReportBootstrap(VmPair pair, ReadinessReport report)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var host in new[] { LabTags.ClientHost, LabTags.PeerHost }.Select(t => pair.Tags.GetValueOrDefault(t)).OfType<string>().Distinct())
        {
            if (report.IsReady)
            {
                Health.RecordSuccess(host);
            }
            else
            {
                Health.RecordFailure(host, "bootstrap", report.FirstFailure is { } step ? $"{step.Name}: {step.Detail}" : "not ready");
            }
        }
    }

    /// <inheritdoc />
    public string? CheckSpec(MachineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hosts = _options.CurrentValue.Hosts.Where(h => h.Enabled).ToList();
        if (hosts.Count(h => h.Images.Contains(spec.Image, StringComparer.OrdinalIgnoreCase)) >= 2)
        {
            return null;
        }

        var images = hosts.SelectMany(h => h.Images).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return $"no two enabled lab hosts can run image '{spec.Image}' (the lab's images: {(images.Count == 0 ? "none" : string.Join(", ", images))})";
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default)
    {
        var vms = await FindVmsAsync(cancellationToken).ConfigureAwait(false);
        return vms
            .GroupBy(v => v.Record.Tags.GetValueOrDefault(OwnershipTags.Pair) ?? $"{v.Host.Name}/{v.Record.Name}", StringComparer.Ordinal)
            .Select(g =>
            {
                var tags = PairTags(g.Select(v => v.Record));
                return new PairRecord
                {
                    Id = g.Key,
                    Environment = EnvironmentName,
                    Tags = tags,
                    CreatedAt = CreatedAt(tags),
                };
            })
            .ToList();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_timerGate)
        {
            timer = _heartbeat;
            _heartbeat = null;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private const string CreatedTag = "netperf-lab-created";

    /// <summary>A pair's tags: its VMs' tags merged, without the role each VM has in it.</summary>
    private static Dictionary<string, string> PairTags(IEnumerable<LabVmRecord> vms)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in vms.SelectMany(v => v.Tags).Where(t => t.Key != LabTags.Role))
        {
            tags[key] = value;
        }

        return tags;
    }

    /// <summary>When the pair was made, from its tags, or <see langword="null"/> when they do not say.</summary>
    private static DateTimeOffset? CreatedAt(Dictionary<string, string> tags) =>
        tags.TryGetValue(CreatedTag, out var created)
        && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    /// <summary>The image the pair was made of, so a process that opens the pair later knows its spec (and OS).</summary>
    private const string ImageTag = "netperf-lab-image";

    private IHypervisorDriver DriverFor(LabHostOptions host)
    {
        var name = host.Hypervisor == LabHypervisors.Static ? LabHypervisors.Static : host.Hypervisor;
        return _drivers.TryGetValue(name, out var driver)
            ? driver
            : throw new InvalidOperationException($"No driver for hypervisor '{host.Hypervisor}' of host {host.Name} is registered.");
    }

    /// <summary>
    /// Whether a pair's link stays inside one kernel: both VMs are network namespaces (veth and bridge) of one machine,
    /// the same lab host, two hosts that are both this machine (local access, as the single-machine lab has), or two
    /// hosts at the same ssh address. The pair's <c>netperf-peer</c> alias may then use the host-local key exchange.
    /// </summary>
    internal static bool LinkStaysOnHost(LabHostOptions client, LabHostOptions peer) =>
        IsNetns(client) && IsNetns(peer)
        && (string.Equals(client.Name, peer.Name, StringComparison.OrdinalIgnoreCase)
            || (client.Access.Kind == LabHostAccessKind.Local && peer.Access.Kind == LabHostAccessKind.Local)
            || (client.Access.Kind == LabHostAccessKind.Ssh && peer.Access.Kind == LabHostAccessKind.Ssh
                && string.Equals(client.Address, peer.Address, StringComparison.OrdinalIgnoreCase)));

    private static bool IsNetns(LabHostOptions host) => string.Equals(host.Hypervisor, LabHypervisors.Netns, StringComparison.OrdinalIgnoreCase);

    private static string ShortHash(string pairId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pairId)))[..8];

    private void StartHeartbeat()
    {
        lock (_timerGate)
        {
            var interval = _options.CurrentValue.HeartbeatInterval;
            _heartbeat ??= _time.CreateTimer(_ => Beat(), null, interval, interval);
        }
    }

    private void Beat()
    {
        var now = _time.GetUtcNow();
        foreach (var pair in _live.Values.Where(p => p.ExpiresAt > now))
        {
            _leases.Heartbeat(pair.Id);
        }
    }
}
