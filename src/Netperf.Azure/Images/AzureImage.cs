using Netperf.Core.Pairs;

namespace Netperf.Azure.Images;

/// <summary>An image the provider can create VMs from: a marketplace URN or a gallery image id, with security settings.</summary>
public sealed record AzureImage
{
    /// <summary>The catalog name, such as <c>ubuntu-24.04</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The OS family.</summary>
    public required OsFamily OsFamily { get; init; }

    /// <summary>The marketplace publisher (with <see cref="Offer"/>, <see cref="Sku"/>, <see cref="Version"/>), or <see langword="null"/> for a gallery image.</summary>
    public string? Publisher { get; init; }

    /// <summary>The marketplace offer.</summary>
    public string? Offer { get; init; }

    /// <summary>The marketplace SKU.</summary>
    public string? Sku { get; init; }

    /// <summary>The marketplace version; default <c>latest</c>.</summary>
    public string Version { get; init; } = "latest";

    /// <summary>A gallery image (or image version) resource id, for prerelease and private images.</summary>
    public string? GalleryImageId { get; init; }

    /// <summary>Use Trusted Launch.</summary>
    public bool TrustedLaunch { get; init; } = true;

    /// <summary>Secure boot under Trusted Launch (off for test-signed drivers).</summary>
    public bool SecureBoot { get; init; } = true;

    /// <summary>The URN or gallery id, for messages.</summary>
    public string Source => GalleryImageId ?? $"{Publisher}:{Offer}:{Sku}:{Version}";
}
