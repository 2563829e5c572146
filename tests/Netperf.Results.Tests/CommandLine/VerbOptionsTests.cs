using Netperf.Results.CommandLine.Internal;

namespace Netperf.Results.Tests.CommandLine;

public sealed class VerbOptionsTests
{
    [Fact]
    public void ParseSince_IsoTime_ThatTime()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), VerbOptions.ParseSince("2026-03-01T14:00:00+02:00"));
    }

    [Theory]
    [InlineData("7d", 7 * 24.0)]
    [InlineData("36h", 36.0)]
    [InlineData("90m", 1.5)]
    public void ParseSince_Age_ThatLongBeforeNow(string text, double hours)
    {
        var before = TimeProvider.System.GetUtcNow();

        var since = VerbOptions.ParseSince(text)!.Value;

        var age = before - since;
        Assert.InRange(age.TotalHours, hours - 0.01, hours + 0.01);
    }

    [Fact]
    public void ParseSince_Nonsense_BadInputSayingWhatItTakes()
    {
        var failure = Assert.Throws<ResultsException>(() => VerbOptions.ParseSince("last tuesday"));

        Assert.Equal(ResultsErrorKind.BadInput, failure.Kind);
        Assert.Contains("ISO 8601 time nor an age such as 7d", failure.Message, StringComparison.Ordinal);
    }
}
