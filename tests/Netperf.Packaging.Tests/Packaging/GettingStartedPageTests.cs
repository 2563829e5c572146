using Netperf.Testing;

namespace Netperf.Packaging.Tests.Packaging;

public sealed class GettingStartedPageTests
{
    [Fact]
    public void Files_GettingStarted_AreTheProjectsThePackagingTestBuilds()
    {
        var files = GettingStartedPage.Files(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), GettingStartedPage.RelativePath)));

        Assert.Equal(
            ["Harness/Harness.csproj", "Harness/Program.cs", "Pairs/Pairs.csproj", "Pairs/Program.cs", "PerfTests/ChecksumTest.cs", "PerfTests/PerfTests.csproj", "PerfTests/Program.cs", "nuget.config"],
            files.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("<ImplicitUsings>enable</ImplicitUsings>", files["PerfTests/PerfTests.csproj"], StringComparison.Ordinal);
        Assert.Contains("using Netperf.Perf.Streams;", files["PerfTests/ChecksumTest.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Files_BlockWithAFileName_IsItsTextExactly()
    {
        const string Markdown = "text\n```csharp file=A/B.cs\nline 1\n  line 2\n```\n```sh\necho not a file\n```\n";

        var files = GettingStartedPage.Files(Markdown);

        Assert.Equal("line 1\n  line 2\n", Assert.Single(files).Value);
    }
}
