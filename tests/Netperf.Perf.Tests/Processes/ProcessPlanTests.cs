using Netperf.Perf.Processes;

namespace Netperf.Perf.Tests.Processes;

public sealed class ProcessPlanTests
{
    [Theory]
    [InlineData(10, 4, new[] { 3, 3, 2, 2 })]
    [InlineData(2, 2, new[] { 1, 1 })]
    [InlineData(7, 1, new[] { 7 })]
    [InlineData(5, 5, new[] { 1, 1, 1, 1, 1 })]
    [InlineData(9, 2, new[] { 5, 4 })]
    public void Create_SpreadsInstancesEvenly(int parallel, int processes, int[] expected)
    {
        var plan = ProcessPlan.Create(parallel, processes);

        Assert.Equal(expected, plan.Shares.Select(s => s.InstanceCount));
        Assert.Equal(Enumerable.Range(0, parallel), plan.Shares.SelectMany(s => Enumerable.Range(s.FirstInstance, s.InstanceCount)));
    }

    [Fact]
    public void Create_MoreProcessesThanInstances_ThrowsNamingTheOptions()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ProcessPlan.Create(2, 3));

        Assert.Contains("--processes", ex.Message);
        Assert.Contains("--parallel", ex.Message);
    }

    [Fact]
    public void DefaultProcessCount_IsCoresCappedAtParallel()
    {
        Assert.Equal(1, ProcessPlan.DefaultProcessCount(1));
        Assert.Equal(Math.Min(Environment.ProcessorCount, 64), ProcessPlan.DefaultProcessCount(64));
    }
}
