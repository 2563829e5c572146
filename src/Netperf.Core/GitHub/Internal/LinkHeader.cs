namespace Netperf.Core.GitHub.Internal;

/// <summary>Reads GitHub's <c>Link</c> pagination header: <c>&lt;url&gt;; rel="next", &lt;url&gt;; rel="last"</c>.</summary>
internal static class LinkHeader
{
    public static Uri? FindNext(IEnumerable<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                var segments = part.Split(';');
                var target = segments[0].Trim();
                if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
                {
                    continue;
                }

                var isNext = segments.Skip(1)
                    .Select(s => s.Trim().Replace(" ", string.Empty, StringComparison.Ordinal))
                    .Any(s => s.Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || s.Equals("rel=next", StringComparison.OrdinalIgnoreCase));
                if (isNext && Uri.TryCreate(target[1..^1], UriKind.Absolute, out var uri))
                {
                    return uri;
                }
            }
        }

        return null;
    }
}
