using Netperf.Testing.Time;

namespace Netperf.Core.Tests.Testing;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public async Task Delay_CompletesOnlyWhenTimeIsAdvancedPastDueTime()
    {
        var clock = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerPeriodInAdvance()
    {
        var clock = new FakeTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(3, fired);
        Assert.Equal(TimeSpan.FromSeconds(3.5), clock.GetElapsedTime(0));
    }
}
