namespace Netperf.Perf.Proxy.Internal;

/// <summary>Parses <c>-x|--test-proxies URL[;URL]</c> and picks instance i's proxy: <c>i % count</c>.</summary>
internal static class TestProxyAddresses
{
    public static IReadOnlyList<Uri> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var result = new List<Uri>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"--test-proxies: '{part}' is not an http(s) address; give the proxies as URL[;URL], e.g. http://127.0.0.1:5000.");
            }

            result.Add(uri);
        }

        return result;
    }

    public static Uri ForInstance(IReadOnlyList<Uri> proxies, int parallelIndex) => proxies[parallelIndex % proxies.Count];
}
