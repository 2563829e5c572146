using System.Diagnostics;
using Netperf.Testing.Integration;
using Netperf.Tool.Bench;

namespace Netperf.Tool.Tests.Bench;

public sealed class MachineCpuTests
{
    [Fact]
    public void ParseBusySeconds_AllCpuLine_CountsUserNiceSystemIrqSoftirqAndStealNotIdleOrIowait()
    {
        // user 100, nice 5, system 50, idle 1000, iowait 20, irq 3, softirq 7, steal 1, guest 40 (inside user), guest_nice 0.
        var busy = MachineCpu.ParseBusySeconds("cpu  100 5 50 1000 20 3 7 1 40 0");

        Assert.Equal(1.66, busy!.Value, precision: 6);
    }

    [Theory]
    [InlineData("cpu0 100 5 50 1000 20 3 7 1 0 0")]
    [InlineData("intr 12345 0 0")]
    [InlineData("cpu  100 5 x 1000 20 3 7 1 0 0")]
    [InlineData("cpu  100 5")]
    public void ParseBusySeconds_NotTheAllCpuLine_IsNull(string line)
    {
        Assert.Null(MachineCpu.ParseBusySeconds(line));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void BusySeconds_WhileThisProcessBurnsCpu_GrowsByAtLeastWhatItBurnt()
    {
        using var self = Process.GetCurrentProcess();
        var machineBefore = MachineCpu.BusySeconds()!.Value;
        var ownBefore = self.TotalProcessorTime;
        var spin = Stopwatch.StartNew();
        var x = 0UL;
        while (spin.Elapsed < TimeSpan.FromMilliseconds(300))
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        self.Refresh();
        var own = (self.TotalProcessorTime - ownBefore).TotalSeconds;
        var machine = MachineCpu.BusySeconds()!.Value - machineBefore;

        // The kernel counts in 10 ms ticks per core: allow two ticks per core of rounding.
        Assert.True(machine >= own - (0.02 * Environment.ProcessorCount), $"machine {machine:0.000} s busy, this process alone {own:0.000} s (x={x})");
    }

    [Fact]
    public void FloorRatio_CpuSpreadOverTheCores_ComparedWithTheTimeToTheFewest()
    {
        // 8 pairs used 2.4 CPU s; on 2 cores that is at least 1.2 s, against 0.4 s for 1 pair.
        Assert.Equal(3.0, MachineCpu.FloorRatio(2.4, 2, 0.4)!.Value, precision: 9);
        Assert.Null(MachineCpu.FloorRatio(null, 2, 0.4));
        Assert.Null(MachineCpu.FloorRatio(2.4, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MachineCpu.FloorRatio(2.4, 0, 0.4));
    }
}
