using Netperf.Perf.Discovery;
using Netperf.Perf.SystemTests;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.Discovery;

public sealed class PerfTestCatalogTests
{
    private static readonly PerfTestCatalog Catalog = PerfTestCatalog.FromAssemblies([typeof(PerfTestCatalogTests).Assembly]);

    [Fact]
    public void FromAssemblies_FindsSystemTestsAndTheAssemblysTests()
    {
        var names = Catalog.Tests.Select(t => t.Name).ToList();

        Assert.Contains("NoOpTest", names);
        Assert.Contains("SleepTest", names);
        Assert.Contains("ExceptionTest", names);
        Assert.Contains("HttpClientGetTest", names);
        Assert.Contains("RecordingTest", names);
        Assert.Contains("CountingEventTest", names);
        Assert.Contains("CountingBatchTest", names);
    }

    [Fact]
    public void FromAssemblies_SkipsAbstractAndNonPublicTypes()
    {
        var names = Catalog.Tests.Select(t => t.Name).ToList();

        Assert.DoesNotContain("AbstractTest", names);
        Assert.DoesNotContain("HiddenTest", names);
    }

    [Theory]
    [InlineData("NoOpTest")]
    [InlineData("noop")]
    [InlineData("NOOP")]
    [InlineData("noOptest")]
    public void Find_CaseInsensitiveWithOrWithoutSuffix_FindsTheTest(string name)
    {
        Assert.Equal(typeof(NoOpTest), Catalog.Find(name)?.Type);
    }

    [Fact]
    public void Find_UnknownName_ReturnsNull()
    {
        Assert.Null(Catalog.Find("NoSuchTest"));
    }

    [Fact]
    public void ClosestMatches_Typo_SuggestsTheNearestNames()
    {
        Assert.Equal("SleepTest", Catalog.ClosestMatches("slep")[0]);
        Assert.Equal("HttpClientGetTest", Catalog.ClosestMatches("HttpClientGt")[0]);
    }

    [Fact]
    public void Descriptor_ReadsOptionsTypeAndDescription()
    {
        var sleep = Catalog.Find("sleep")!;

        Assert.Equal(typeof(SleepTestOptions), sleep.OptionsType);
        Assert.StartsWith("Sleeps --delay-ms", sleep.Description, StringComparison.Ordinal);
        Assert.IsType<SleepTest>(sleep.CreateInstance(new SleepTestOptions()));
    }

    [Fact]
    public void For_TestWithoutOptionsConstructor_ExplainsTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => PerfTestDescriptor.For(typeof(NoConstructorTest)));

        Assert.Contains("public NoConstructorTest(PerfOptions options)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAssemblies_TestThatCannotRun_IsListedAsAProblem()
    {
        Assert.DoesNotContain("NoConstructorTest", Catalog.Tests.Select(t => t.Name));
        Assert.Contains(Catalog.Problems, p => p.Contains("NoConstructorTest", StringComparison.Ordinal));
    }

    public abstract class AbstractTest(PerfOptions options) : PerfStressTest<PerfOptions>(options);

    internal sealed class HiddenTest(PerfOptions options) : PerfStressTest<PerfOptions>(options)
    {
        public override void Run(CancellationToken cancellationToken)
        {
        }

        public override ValueTask RunAsync(CancellationToken cancellationToken) => default;
    }
}

/// <summary>Not runnable on purpose: it has no public options constructor, so the catalog lists it as a problem.</summary>
public sealed class NoConstructorTest : PerfStressTest<PerfOptions>
{
    internal NoConstructorTest()
        : base(new PerfOptions())
    {
    }

    public override void Run(CancellationToken cancellationToken)
    {
    }

    public override ValueTask RunAsync(CancellationToken cancellationToken) => default;
}
