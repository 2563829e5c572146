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

    [Fact]
    public void Skipped_AbstractTest_SaysItIsAbstract()
    {
        Assert.Contains(Catalog.Skipped, s => s.Contains("AbstractTest (Netperf.Perf.Tests): abstract", StringComparison.Ordinal));
    }

    [Fact]
    public void Skipped_NonPublicTest_SaysItIsNotPublic()
    {
        Assert.Contains(Catalog.Skipped, s => s.Contains("HiddenTest (Netperf.Perf.Tests): not public", StringComparison.Ordinal));
    }

    [Fact]
    public void Skipped_ConstructorForOtherOptions_SaysOptionsTypeMismatch()
    {
        var line = Assert.Single(Catalog.Skipped, s => s.Contains("WrongOptionsTest", StringComparison.Ordinal));

        Assert.Contains("takes SleepTestOptions, but its base class's options are PerfOptions (options type mismatch)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_NoUsableConstructor_SaysWhatToAdd()
    {
        Assert.Contains(Catalog.Skipped, s => s.Contains("NoConstructorTest", StringComparison.Ordinal) && s.Contains("public NoConstructorTest(PerfOptions options)", StringComparison.Ordinal));
    }

    [Fact]
    public void Skipped_AssemblyWhoseTypesFailToLoad_NamesTheAssemblyAndTheCause()
    {
        var catalog = PerfTestCatalog.FromAssemblies([new BrokenAssembly()]);

        var line = Assert.Single(catalog.Skipped, s => s.StartsWith("assembly Broken.Tests", StringComparison.Ordinal));
        Assert.Contains("1 type(s) failed to load", line, StringComparison.Ordinal);
        Assert.Contains("Could not load file or assembly 'Missing.Dependency", line, StringComparison.Ordinal);
        Assert.Contains("NoOpTest", catalog.Tests.Select(t => t.Name));
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

/// <summary>Not runnable on purpose: its constructor takes other options than its base class's.</summary>
public sealed class WrongOptionsTest(SleepTestOptions options) : PerfStressTest<PerfOptions>(options)
{
    public override void Run(CancellationToken cancellationToken)
    {
    }

    public override ValueTask RunAsync(CancellationToken cancellationToken) => default;
}

/// <summary>An assembly one of whose types cannot load (a dependency missing), as a test assembly built against a package not deployed.</summary>
internal sealed class BrokenAssembly : System.Reflection.Assembly
{
    public override string Location => "/tests/Broken.Tests.dll";

    public override System.Reflection.AssemblyName GetName() => new("Broken.Tests");

    public override Type[] GetTypes() =>
        throw new System.Reflection.ReflectionTypeLoadException(
            [typeof(PerfTestCatalogTests), null],
            [new FileNotFoundException("Could not load file or assembly 'Missing.Dependency, Version=1.0.0.0'.")]);
}
