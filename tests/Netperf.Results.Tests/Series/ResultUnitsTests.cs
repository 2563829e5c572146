using Netperf.Results.Series;

namespace Netperf.Results.Tests.Series;

public sealed class ResultUnitsTests
{
    [Theory]
    [InlineData("ops/s", true)]
    [InlineData("Gbit/s", true)]
    [InlineData("MB/s", true)]
    [InlineData("requests", true)]
    [InlineData("", true)]
    [InlineData("ms", false)]
    [InlineData("us", false)]
    [InlineData("µs", false)]
    [InlineData("ns", false)]
    [InlineData("s", false)]
    [InlineData("ns/op", false)]
    [InlineData("B/op", false)]
    [InlineData("% loss", false)]
    [InlineData("packet loss %", false)]
    [InlineData("errors", false)]
    [InlineData("retransmits", false)]
    public void HigherIsBetter_Unit_FollowsTheRule(string unit, bool higher)
    {
        Assert.Equal(higher, ResultUnits.HigherIsBetter(unit));
    }
}
