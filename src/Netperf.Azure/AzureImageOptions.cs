namespace Netperf.Azure;

/// <summary>
/// One image-catalog entry from configuration (<c>Netperf:Azure:Images:{name}</c>): a marketplace URN or
/// a gallery image id, with its OS and security settings. Entries add to or replace the built-in catalog.
/// </summary>
public sealed class AzureImageOptions
{
    /// <summary>A marketplace URN <c>publisher:offer:sku:version</c>; set this or <see cref="GalleryImageId"/>.</summary>
    public string? Urn { get; set; }

    /// <summary>A (shared) gallery image or image version resource id, for prerelease and private images.</summary>
    public string? GalleryImageId { get; set; }

    /// <summary>True for a Windows image; default decided by the name (names starting with <c>windows</c>).</summary>
    public bool? Windows { get; set; }

    /// <summary>Use Trusted Launch (gen2 images); default true.</summary>
    public bool TrustedLaunch { get; set; } = true;

    /// <summary>Secure boot under Trusted Launch; default true. Turn off to load test-signed drivers.</summary>
    public bool SecureBoot { get; set; } = true;
}
