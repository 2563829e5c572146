using Netperf.Lab.Inventory;

namespace Netperf.Lab.Placement.Internal;

/// <summary>Chooses two hosts for a pair: enabled, healthy, free, able to run the image, on one link.</summary>
internal static class HostPlanner
{
    /// <summary>
    /// Picks the best placement among the usable hosts, or <see langword="null"/>. Prefers links with the fastest pair
    /// speed, then two hosts of one hardware class, then inventory order (so placement is predictable).
    /// </summary>
    public static LabPlacement? Choose(IEnumerable<LabHostOptions> usable, string image)
    {
        var candidates = usable
            .Select((host, index) => (host, index))
            .Where(c => c.host.Images.Contains(image, StringComparer.OrdinalIgnoreCase))
            .ToList();
        LabPlacement? best = null;
        (double Speed, int SameClass, int Order) bestScore = default;
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = i + 1; j < candidates.Count; j++)
            {
                var (a, ai) = candidates[i];
                var (b, bi) = candidates[j];
                if (!string.Equals(a.Link, b.Link, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var placement = new LabPlacement { ClientHost = a, PeerHost = b };
                var score = (placement.LinkSpeedGbps, string.Equals(a.HardwareClass, b.HardwareClass, StringComparison.OrdinalIgnoreCase) ? 1 : 0, -(ai + bi));
                if (best is null || score.CompareTo(bestScore) > 0)
                {
                    best = placement;
                    bestScore = score;
                }
            }
        }

        return best;
    }

    /// <summary>Why no placement exists among all hosts, for the error message.</summary>
    public static string Explain(IEnumerable<LabHostOptions> all, string image, Func<LabHostOptions, string?> unavailableReason)
    {
        var lines = all.Select(host =>
        {
            if (!host.Images.Contains(image, StringComparer.OrdinalIgnoreCase))
            {
                return $"{host.Name}: cannot run {image}";
            }

            return unavailableReason(host) is { } reason ? $"{host.Name}: {reason}" : $"{host.Name}: free on link {host.Link}";
        });
        return string.Join("; ", lines);
    }
}
