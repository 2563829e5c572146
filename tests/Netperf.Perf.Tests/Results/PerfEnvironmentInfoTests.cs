using Netperf.Perf.Results;

namespace Netperf.Perf.Tests.Results;

public sealed class PerfEnvironmentInfoTests
{
    [Fact]
    public void Current_WithTestAssembly_RecordsReferencedAssembliesButNotPlatformOrNetperfPerf()
    {
        var info = PerfEnvironmentInfo.Current(typeof(PerfEnvironmentInfoTests).Assembly);

        Assert.Contains("Netperf.Testing", info.AssembliesUnderTest.Keys);
        Assert.DoesNotContain("Netperf.Perf", info.AssembliesUnderTest.Keys);
        Assert.DoesNotContain(info.AssembliesUnderTest.Keys, name => name.StartsWith("System", StringComparison.Ordinal));
        Assert.All(info.AssembliesUnderTest.Values, version => Assert.DoesNotContain('+', version));
    }

    [Fact]
    public void Current_WithoutTestAssembly_RecordsNoAssembliesUnderTest()
    {
        Assert.Empty(PerfEnvironmentInfo.Current().AssembliesUnderTest);
    }
}
