using System.Globalization;
using System.Text.RegularExpressions;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// A name part that records which process made a file or folder, before it exists: <c>&lt;pid&gt;-&lt;start&gt;-&lt;random&gt;</c>
/// (the start time in clock ticks since boot, so a recycled pid does not pass for the owner). After a kill, what such a
/// name marks is an orphan exactly when its owner no longer runs, so the janitor can remove it and nothing of a live process.
/// </summary>
internal static partial class OwnerToken
{
    /// <summary>A new token of this process.</summary>
    public static string New() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{(ProcessIdentity.IsSupported ? ProcessIdentity.CurrentStartTicks() : 0)}-{NetperfPaths.RandomSuffix()[..4]}");

    /// <summary>True when <paramref name="token"/> is a token whose owner provably no longer runs (never where that cannot be told).</summary>
    public static bool IsOrphan(string token)
    {
        var match = Pattern().Match(token);
        if (!match.Success || !ProcessIdentity.IsSupported)
        {
            return false;
        }

        var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
        var start = long.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture);
        return start > 0 && ProcessIdentity.StartTicks(pid) != start;
    }

    /// <summary>The token's shape.</summary>
    [GeneratedRegex("^(?<pid>[0-9]{1,10})-(?<start>[0-9]{1,20})-[0-9a-f]{4}$", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();
}
