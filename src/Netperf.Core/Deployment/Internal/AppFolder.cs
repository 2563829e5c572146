using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Netperf.Core.Deployment.Internal;

/// <summary>
/// A local application folder as the deployer compares it: one line per file,
/// <c>./relative/path|size|unix-mtime-seconds</c>, sorted; the same shape the remote probes print.
/// </summary>
internal sealed class AppFolder
{
    private AppFolder(string path, IReadOnlyList<string> listing)
    {
        Path = path;
        Listing = listing;
        ContentId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', listing))))[..16];
    }

    public string Path { get; }

    public IReadOnlyList<string> Listing { get; }

    public string ContentId { get; }

    public static AppFolder Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The application folder '{full}' does not exist; build the application first.");
        }

        var listing = new DirectoryInfo(full)
            .EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => Line("./" + System.IO.Path.GetRelativePath(full, f.FullName).Replace('\\', '/'), f.Length, f.LastWriteTimeUtc))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (listing.Count == 0)
        {
            throw new InvalidOperationException($"The application folder '{full}' is empty; build the application first.");
        }

        return new AppFolder(full, listing);
    }

    /// <summary>True when a remote listing names exactly this folder's files, sizes and times.</summary>
    public bool Matches(IEnumerable<string> remoteListing) =>
        remoteListing.Select(l => l.Trim()).Where(l => l.StartsWith("./", StringComparison.Ordinal)).Order(StringComparer.Ordinal).SequenceEqual(Listing, StringComparer.Ordinal);

    private static string Line(string relative, long size, DateTime lastWriteUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{relative}|{size}|{new DateTimeOffset(lastWriteUtc, TimeSpan.Zero).ToUnixTimeSeconds()}");
}
