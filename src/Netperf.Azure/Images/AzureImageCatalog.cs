using Netperf.Core.Pairs;

namespace Netperf.Azure.Images;

/// <summary>
/// The images the provider knows by name: built-in marketplace images (<c>windows-2022</c>,
/// <c>windows-2025</c>, <c>ubuntu-22.04</c>, <c>ubuntu-24.04</c>) plus entries from
/// <see cref="AzureOptions.Images"/> (for example <c>windows-prerelease</c> by gallery image id).
/// </summary>
public sealed class AzureImageCatalog
{
    private readonly Dictionary<string, AzureImage> _images;

    /// <summary>Creates the catalog from the built-in entries and the configured ones.</summary>
    /// <param name="configured">Entries from configuration; they add to or replace the built-in ones.</param>
    public AzureImageCatalog(IReadOnlyDictionary<string, AzureImageOptions>? configured = null)
    {
        _images = BuiltIn().ToDictionary(i => i.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in configured ?? new Dictionary<string, AzureImageOptions>())
        {
            _images[name] = FromOptions(name, entry);
        }
    }

    /// <summary>The names in the catalog, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _images.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The built-in marketplace images.</summary>
    /// <returns>The entries.</returns>
    public static IReadOnlyList<AzureImage> BuiltIn() =>
    [
        new() { Name = "windows-2022", OsFamily = OsFamily.Windows, Publisher = "MicrosoftWindowsServer", Offer = "WindowsServer", Sku = "2022-datacenter-azure-edition" },
        new() { Name = "windows-2025", OsFamily = OsFamily.Windows, Publisher = "MicrosoftWindowsServer", Offer = "WindowsServer", Sku = "2025-datacenter-azure-edition" },
        new() { Name = "ubuntu-22.04", OsFamily = OsFamily.Linux, Publisher = "Canonical", Offer = "0001-com-ubuntu-server-jammy", Sku = "22_04-lts-gen2" },
        new() { Name = "ubuntu-24.04", OsFamily = OsFamily.Linux, Publisher = "Canonical", Offer = "ubuntu-24_04-lts", Sku = "server" },
    ];

    /// <summary>Finds an image by name.</summary>
    /// <param name="name">The catalog name.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentException">The name is not in the catalog; the message lists the catalog.</exception>
    public AzureImage Resolve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_images.TryGetValue(name, out var image))
        {
            return image;
        }

        throw new ArgumentException(
            $"Image '{name}' is not in the Azure image catalog. Known images: {string.Join(", ", Names)}. " +
            $"Add it under '{AzureOptions.SectionName}:Images:{name}' with a Urn (publisher:offer:sku:version) or a GalleryImageId.",
            nameof(name));
    }

    /// <summary>Checks one configured entry; returns the problem or <see langword="null"/>.</summary>
    internal static string? Validate(string name, AzureImageOptions entry)
    {
        var key = $"{AzureOptions.SectionName}:Images:{name}";
        if (string.IsNullOrWhiteSpace(entry.Urn) == string.IsNullOrWhiteSpace(entry.GalleryImageId))
        {
            return $"{key}: set exactly one of Urn (publisher:offer:sku:version) or GalleryImageId.";
        }

        if (!string.IsNullOrWhiteSpace(entry.Urn) && entry.Urn.Split(':').Length != 4)
        {
            return $"{key}:Urn '{entry.Urn}' must be publisher:offer:sku:version.";
        }

        if (!string.IsNullOrWhiteSpace(entry.GalleryImageId)
            && !entry.GalleryImageId.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)
            && !entry.GalleryImageId.StartsWith("/SharedGalleries/", StringComparison.OrdinalIgnoreCase))
        {
            return $"{key}:GalleryImageId must be a resource id starting with /subscriptions/ (or /SharedGalleries/).";
        }

        return !entry.TrustedLaunch && entry.SecureBoot
            ? $"{key}: SecureBoot needs TrustedLaunch; set SecureBoot to false or TrustedLaunch to true."
            : null;
    }

    private static AzureImage FromOptions(string name, AzureImageOptions entry)
    {
        var windows = entry.Windows ?? name.StartsWith("windows", StringComparison.OrdinalIgnoreCase);
        var parts = entry.Urn?.Split(':');
        return new AzureImage
        {
            Name = name,
            OsFamily = windows ? OsFamily.Windows : OsFamily.Linux,
            Publisher = parts?[0],
            Offer = parts?[1],
            Sku = parts?[2],
            Version = parts?[3] ?? "latest",
            GalleryImageId = string.IsNullOrWhiteSpace(entry.GalleryImageId) ? null : entry.GalleryImageId,
            TrustedLaunch = entry.TrustedLaunch,
            SecureBoot = entry.SecureBoot,
        };
    }
}
