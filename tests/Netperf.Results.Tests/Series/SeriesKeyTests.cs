using Netperf.Results.Series;

namespace Netperf.Results.Tests.Series;

public sealed class SeriesKeyTests
{
    [Fact]
    public void Canonical_LabelsInAnyOrder_SortedQuotedAndEscaped()
    {
        var key = new SeriesKey("TcpThroughputTest/ops-per-second", [new("size", "D4s"), new("environment", "azure"), new("options", "label=\"a\\b\"")]);

        Assert.Equal("TcpThroughputTest/ops-per-second{environment=\"azure\",options=\"label=\\\"a\\\\b\\\"\",size=\"D4s\"}", key.Canonical);
        Assert.Equal(key, new SeriesKey("TcpThroughputTest/ops-per-second", [new("environment", "azure"), new("options", "label=\"a\\b\""), new("size", "D4s")]));
    }

    [Fact]
    public void Constructor_EmptyLabelValue_LeftOut()
    {
        var key = new SeriesKey("x", [new("image", string.Empty), new("environment", "local")]);

        Assert.Equal("x{environment=\"local\"}", key.Canonical);
        Assert.Null(key["image"]);
    }

    [Fact]
    public void Without_OneLabel_EqualsTheKeyWithoutIt()
    {
        var key = new SeriesKey("x", [new("image", "ubuntu"), new("environment", "lab")]);

        Assert.Equal(new SeriesKey("x", [new("environment", "lab")]), key.Without(["image"]));
        Assert.Same(key, key.Without([]));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("label:x")]
    [InlineData("")]
    public void Constructor_InvalidLabelName_Throws(string label)
    {
        Assert.Throws<ArgumentException>(() => new SeriesKey("x", [new(label, "v")]));
    }
}
