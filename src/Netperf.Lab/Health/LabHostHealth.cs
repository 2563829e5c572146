using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Health;

/// <summary>
/// Tracks each host's failures. A host whose VM creation, reset or bootstrap fails
/// <see cref="LabOptions.FailureThreshold"/> times in a row, or whose guest left a crash dump, is quarantined:
/// it gets no more jobs until <see cref="Clear"/>. Every quarantine is logged (event 5101) and listed by <see cref="Snapshot"/>.
/// </summary>
public sealed partial class LabHostHealth
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LabHostStatus> _states = new(StringComparer.OrdinalIgnoreCase);
    private readonly IOptionsMonitor<LabOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the tracker.</summary>
    /// <param name="options">The lab options (threshold, inventory quarantine flags).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where quarantines are reported.</param>
    public LabHostHealth(IOptionsMonitor<LabOptions> options, TimeProvider timeProvider, ILogger<LabHostHealth>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised when a host is quarantined.</summary>
    public event EventHandler<LabHostStatus>? HostQuarantined;

    /// <summary>True when the host takes no jobs (quarantined here or in the inventory).</summary>
    /// <param name="host">The host's name.</param>
    /// <returns>Whether the host is quarantined.</returns>
    public bool IsQuarantined(string host)
    {
        if (_options.CurrentValue.Hosts.Any(h => h.Quarantined && string.Equals(h.Name, host, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        lock (_gate)
        {
            return _states.TryGetValue(host, out var state) && state.IsQuarantined;
        }
    }

    /// <summary>Records a success: the failure count starts again.</summary>
    /// <param name="host">The host's name.</param>
    public void RecordSuccess(string host)
    {
        lock (_gate)
        {
            if (_states.TryGetValue(host, out var state) && !state.IsQuarantined)
            {
                _states[host] = state with { ConsecutiveFailures = 0, Reason = null };
            }
        }
    }

    /// <summary>Records a failure; quarantines the host at the threshold.</summary>
    /// <param name="host">The host's name.</param>
    /// <param name="step">What failed (<c>create-vm</c>, <c>reset</c>, <c>bootstrap</c>).</param>
    /// <param name="reason">A secret-free description.</param>
    /// <returns>True when this failure quarantined the host.</returns>
    public bool RecordFailure(string host, string step, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        LabHostStatus state;
        lock (_gate)
        {
            var previous = _states.GetValueOrDefault(host) ?? new LabHostStatus { Host = host, ConsecutiveFailures = 0, IsQuarantined = false };
            if (previous.IsQuarantined)
            {
                return false;
            }

            var failures = previous.ConsecutiveFailures + 1;
            state = previous with { ConsecutiveFailures = failures, Reason = $"{step}: {reason}" };
            _states[host] = state;
            if (failures < _options.CurrentValue.FailureThreshold)
            {
                Log.HostFailed(_logger, host, step, failures, reason);
                return false;
            }
        }

        Quarantine(host, $"{state.ConsecutiveFailures} consecutive failures, last {step}: {reason}");
        return true;
    }

    /// <summary>Records crash dumps left by a guest: the host is quarantined at once.</summary>
    /// <param name="host">The host's name.</param>
    /// <param name="vmName">The VM that crashed.</param>
    /// <param name="dumps">The dumps found.</param>
    public void RecordCrashDumps(string host, string vmName, IReadOnlyList<string> dumps)
    {
        ArgumentNullException.ThrowIfNull(dumps);
        if (dumps.Count > 0)
        {
            Quarantine(host, $"guest {vmName} left {dumps.Count} crash dump(s): {string.Join(", ", dumps.Take(3))}");
        }
    }

    /// <summary>Quarantines a host now.</summary>
    /// <param name="host">The host's name.</param>
    /// <param name="reason">Why.</param>
    public void Quarantine(string host, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        LabHostStatus state;
        lock (_gate)
        {
            var previous = _states.GetValueOrDefault(host) ?? new LabHostStatus { Host = host, ConsecutiveFailures = 0, IsQuarantined = false };
            if (previous.IsQuarantined)
            {
                return;
            }

            state = previous with { IsQuarantined = true, Reason = reason, QuarantinedAt = _time.GetUtcNow() };
            _states[host] = state;
        }

        Log.HostQuarantined(_logger, host, reason);
        HostQuarantined?.Invoke(this, state);
    }

    /// <summary>Clears a host's quarantine and failures (after a lab owner repaired it).</summary>
    /// <param name="host">The host's name.</param>
    public void Clear(string host)
    {
        lock (_gate)
        {
            _states.Remove(host);
        }
    }

    /// <summary>The state of every host of the inventory.</summary>
    /// <returns>One status per host, in inventory order.</returns>
    public IReadOnlyList<LabHostStatus> Snapshot()
    {
        lock (_gate)
        {
            return _options.CurrentValue.Hosts.Select(h =>
            {
                var state = _states.GetValueOrDefault(h.Name) ?? new LabHostStatus { Host = h.Name, ConsecutiveFailures = 0, IsQuarantined = false };
                return h.Quarantined && !state.IsQuarantined ? state with { IsQuarantined = true, Reason = "quarantined in the inventory" } : state;
            }).ToList();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5100, LogLevel.Warning, "Lab host {Host} failed at {Step} ({Failures} in a row): {Reason}")]
        public static partial void HostFailed(ILogger logger, string host, string step, int failures, string reason);

        [LoggerMessage(5101, LogLevel.Error, "Lab host {Host} is quarantined and takes no jobs until cleared: {Reason}")]
        public static partial void HostQuarantined(ILogger logger, string host, string reason);
    }
}
