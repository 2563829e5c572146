using System.Globalization;

namespace Netperf.Core.Pairs;

/// <summary>
/// The tags that mark a resource as Netperf's. The janitor touches only resources that carry
/// <see cref="Owner"/>, <see cref="Run"/> and <see cref="Pair"/>; <see cref="Expires"/> says when it may go.
/// </summary>
public static class OwnershipTags
{
    /// <summary>Who owns the resource.</summary>
    public const string Owner = "netperf-owner";

    /// <summary>The run id and attempt that made the resource.</summary>
    public const string Run = "netperf-run";

    /// <summary>The pair the resource belongs to.</summary>
    public const string Pair = "netperf-pair";

    /// <summary>When the resource expires, as an ISO 8601 UTC timestamp (round-trip format).</summary>
    public const string Expires = "netperf-expires";

    /// <summary>Builds the ownership tags for a pair, merged over the spec's extra tags.</summary>
    /// <param name="request">The request the pair is made for.</param>
    /// <param name="pairId">The pair id.</param>
    /// <param name="expiresAt">When the pair expires.</param>
    /// <returns>A new tag dictionary.</returns>
    public static IReadOnlyDictionary<string, string> Create(PairRequest request, string pairId, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        var tags = new Dictionary<string, string>(request.Spec.Tags, StringComparer.OrdinalIgnoreCase)
        {
            [Owner] = request.Owner,
            [Run] = request.RunId,
            [Pair] = pairId,
            [Expires] = FormatExpiry(expiresAt),
        };
        return tags;
    }

    /// <summary>True when <paramref name="tags"/> carry all of owner, run and pair.</summary>
    /// <param name="tags">The tags of a resource.</param>
    /// <returns><see langword="true"/> when the resource is Netperf's.</returns>
    public static bool IsOurs(IReadOnlyDictionary<string, string>? tags) =>
        tags is not null
        && HasValue(tags, Owner)
        && HasValue(tags, Run)
        && HasValue(tags, Pair);

    /// <summary>Formats an expiry for <see cref="Expires"/>.</summary>
    /// <param name="expiresAt">The expiry.</param>
    /// <returns>The round-trip UTC string.</returns>
    public static string FormatExpiry(DateTimeOffset expiresAt) =>
        expiresAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads <see cref="Expires"/>; <see langword="null"/> when absent or unreadable.</summary>
    /// <param name="tags">The tags of a resource.</param>
    /// <returns>The expiry, or <see langword="null"/>.</returns>
    public static DateTimeOffset? TryGetExpiry(IReadOnlyDictionary<string, string>? tags) =>
        tags is not null
        && tags.TryGetValue(Expires, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
            ? expiry
            : null;

    /// <summary>
    /// Returns <paramref name="tags"/> with <see cref="Expires"/> moved to <paramref name="expiresAt"/> when that is later than
    /// the tags say (never earlier); the same instance when nothing changes.
    /// </summary>
    /// <param name="tags">The tags of a resource.</param>
    /// <param name="expiresAt">The new expiry.</param>
    /// <returns>The tags to store.</returns>
    public static IReadOnlyDictionary<string, string> WithLaterExpiry(IReadOnlyDictionary<string, string> tags, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (TryGetExpiry(tags) is { } current && current >= expiresAt)
        {
            return tags;
        }

        return new Dictionary<string, string>(tags.ToDictionary(t => t.Key, t => t.Value), StringComparer.OrdinalIgnoreCase) { [Expires] = FormatExpiry(expiresAt) };
    }

    private static bool HasValue(IReadOnlyDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value);
}
