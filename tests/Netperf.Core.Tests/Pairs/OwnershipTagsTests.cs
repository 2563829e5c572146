using Netperf.Core.Pairs;

namespace Netperf.Core.Tests.Pairs;

public sealed class OwnershipTagsTests
{
    private static readonly PairRequest Request = new()
    {
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "local", Tags = new Dictionary<string, string> { ["team"] = "net" } },
        Owner = "alice",
        RunId = "run-42-1",
    };

    [Fact]
    public void Create_WithSpecTags_CarriesOwnershipAndExtraTags()
    {
        var expires = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
        var tags = OwnershipTags.Create(Request, "p1", expires);

        Assert.Equal("alice", tags[OwnershipTags.Owner]);
        Assert.Equal("run-42-1", tags[OwnershipTags.Run]);
        Assert.Equal("p1", tags[OwnershipTags.Pair]);
        Assert.Equal("net", tags["team"]);
        Assert.Equal(expires, OwnershipTags.TryGetExpiry(tags));
    }

    [Theory]
    [InlineData(null, "r", "p")]
    [InlineData("o", null, "p")]
    [InlineData("o", "r", null)]
    [InlineData("o", "r", " ")]
    public void IsOurs_WithoutAnyOwnershipTag_IsFalse(string? owner, string? run, string? pair)
    {
        var tags = new Dictionary<string, string>();
        if (owner is not null) { tags[OwnershipTags.Owner] = owner; }
        if (run is not null) { tags[OwnershipTags.Run] = run; }
        if (pair is not null) { tags[OwnershipTags.Pair] = pair; }

        Assert.False(OwnershipTags.IsOurs(tags));
    }

    [Fact]
    public void TryGetExpiry_Unreadable_IsNull()
    {
        var tags = new Dictionary<string, string> { [OwnershipTags.Expires] = "soon" };
        Assert.Null(OwnershipTags.TryGetExpiry(tags));
    }

    [Fact]
    public void MachineSpec_WindowsImage_IsWindowsFamily()
    {
        Assert.Equal(OsFamily.Windows, new MachineSpec { Image = "windows-prerelease", Environment = "azure" }.OsFamily);
        Assert.Equal(OsFamily.Linux, new MachineSpec { Image = "ubuntu-24.04", Environment = "azure" }.OsFamily);
    }
}
