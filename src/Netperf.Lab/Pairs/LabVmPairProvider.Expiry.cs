using Netperf.Core.Pairs;

namespace Netperf.Lab.Pairs;

/// <content>Moving a pair's persisted expiry forward while it is in use (the pair pool's heartbeats).</content>
public sealed partial class LabVmPairProvider
{
    /// <inheritdoc />
    /// <remarks>
    /// Rewrites the tags of each of the pair's VMs through its driver (<see cref="Drivers.IHypervisorDriver.SetTagsAsync"/>),
    /// so <see cref="ListPairsAsync"/> from any process, and so the janitor, sees the new expiry.
    /// </remarks>
    public async Task<bool> ExtendExpiryAsync(string pairId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        var found = await FindVmsAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vms = found.Where(f => f.Record.Tags.GetValueOrDefault(OwnershipTags.Pair) == pairId).ToList();
            if (vms.Count == 0)
            {
                throw new InvalidOperationException($"No VM of lab pair {pairId} was found on any host; it no longer exists, or its hosts cannot be reached.");
            }

            foreach (var (host, record) in vms)
            {
                var tags = OwnershipTags.WithLaterExpiry(record.Tags, expiresAt);
                if (!ReferenceEquals(tags, record.Tags))
                {
                    await DriverFor(host.Options).SetTagsAsync(host, record.Name, tags, cancellationToken).ConfigureAwait(false);
                }
            }

            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
        finally
        {
            foreach (var shell in found.Select(v => v.Host.Shell).Distinct())
            {
                await shell.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
