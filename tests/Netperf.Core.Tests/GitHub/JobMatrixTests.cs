using System.Text.Json;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;

namespace Netperf.Core.Tests.GitHub;

public sealed class JobMatrixTests
{
    private static MatrixEntry Job(string os, string io, string tls = "openssl", string env = "azure", string arch = "x64") =>
        new() { Os = os, Environment = env, Architecture = arch, Io = io, Tls = tls };

    [Fact]
    public void Expand_ProductWithImpossibleCombinations_DropsThemAndSaysWhy()
    {
        var definition = new JobMatrixDefinition
        {
            Os = ["ubuntu-24.04", "windows-2022"],
            Environment = ["azure"],
            Io = ["epoll", "iocp"],
            Tls = ["openssl"],
        };

        var expansion = JobMatrix.Expand(definition);

        Assert.Equal(["ubuntu-24.04-azure-x64-epoll-openssl", "windows-2022-azure-x64-iocp-openssl"], expansion.Jobs.Select(j => j.Id));
        Assert.Equal(2, expansion.Dropped.Count);
        Assert.Contains(expansion.Dropped, v => v.Job.Os == "ubuntu-24.04" && v.Message.Contains("io 'iocp' is Windows-only", StringComparison.Ordinal));
        Assert.Contains(expansion.Dropped, v => v.Job.Os == "windows-2022" && v.Message.Contains("io 'epoll' is Linux-only", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ubuntu-24.04", "iocp", "openssl", "io 'iocp' is Windows-only and cannot run on ubuntu-24.04 (Linux); on Linux use one of: epoll, iouring, xdp.")]
    [InlineData("windows-2022", "epoll", "schannel", "io 'epoll' is Linux-only and cannot run on windows-2022 (Windows); on Windows use one of: iocp, rio, wsk, xdp.")]
    [InlineData("ubuntu-24.04", "epoll", "schannel", "tls 'schannel' is Windows-only and cannot run on ubuntu-24.04 (Linux); on Linux use one of: openssl, quictls.")]
    [InlineData("ubuntu-24.04", "kqueue", "openssl", "io 'kqueue' is unknown; on Linux use one of: epoll, iouring, xdp.")]
    public void Validate_ImpossibleJob_ExplainsAndSuggests(string os, string io, string tls, string message)
    {
        var violation = Assert.Single(JobMatrixRules.Default.Validate(Job(os, io, tls)));
        Assert.Equal(message, violation.Message);
    }

    [Theory]
    [InlineData("ubuntu-24.04", "xdp", "quictls")]
    [InlineData("windows-prerelease", "xdp", "schannel")]
    [InlineData("windows-2022", "wsk", "openssl")]
    [InlineData("ubuntu-24.04", "iouring", "openssl")]
    public void Validate_PossibleJob_NoViolation(string os, string io, string tls) =>
        Assert.Empty(JobMatrixRules.Default.Validate(Job(os, io, tls)));

    [Fact]
    public void Validate_ValueNotLabelSafe_Rejected()
    {
        var violation = Assert.Single(JobMatrixRules.Default.Validate(Job("Ubuntu 24.04", "epoll")));
        Assert.StartsWith("os 'Ubuntu 24.04' is not a valid label value", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_IncludeBreaksRules_ThrowsListingEveryBrokenInclude()
    {
        var definition = new JobMatrixDefinition { Include = [Job("ubuntu-24.04", "iocp"), Job("windows-2022", "epoll"), Job("ubuntu-24.04", "epoll")] };

        var ex = Assert.Throws<JobMatrixException>(() => JobMatrix.Expand(definition));

        Assert.Equal(2, ex.Violations.Count);
        Assert.Contains("ubuntu-24.04-azure-x64-iocp-openssl: io 'iocp' is Windows-only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("windows-2022-azure-x64-epoll-openssl: io 'epoll' is Linux-only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Fix or remove these entries of 'include'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_ExcludeAndOptionalInclude_RemovesAndMarks()
    {
        var definition = new JobMatrixDefinition
        {
            Os = ["ubuntu-24.04"],
            Environment = ["azure", "lab"],
            Io = ["epoll", "xdp"],
            Tls = ["openssl"],
            Exclude = [new MatrixFilter { Environment = "lab", Io = "xdp" }],
            Include = [Job("ubuntu-24.04", "xdp", env: "azure") with { Optional = true }, Job("windows-prerelease", "wsk", "schannel") with { Optional = true }],
        };

        var jobs = JobMatrix.Expand(definition).Jobs;

        Assert.Equal(
            ["ubuntu-24.04-azure-x64-epoll-openssl", "ubuntu-24.04-azure-x64-xdp-openssl", "ubuntu-24.04-lab-x64-epoll-openssl", "windows-prerelease-azure-x64-wsk-schannel"],
            jobs.Select(j => j.Id));
        Assert.Equal([false, true, false, true], jobs.Select(j => j.Optional));
    }

    [Fact]
    public void Expand_EverythingDropped_ThrowsSayingWhy()
    {
        var definition = new JobMatrixDefinition { Os = ["ubuntu-24.04"], Environment = ["lab"], Io = ["iocp"], Tls = ["openssl"] };

        var ex = Assert.Throws<JobMatrixException>(() => JobMatrix.Expand(definition));

        Assert.StartsWith("The matrix expands to no job. Every combination was dropped:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRunsOnLabels_BeforeAndAfterAssignment_FollowsLabelScheme()
    {
        var job = Job("windows-2022", "iocp", "schannel", env: "lab", arch: "arm64");

        Assert.Equal(["netperf", "os-windows-2022", "env-lab", "arm64", "io-iocp"], job.GetRunsOnLabels());
        Assert.Equal(["netperf", "os-windows-2022", "env-lab", "arm64", "io-iocp", "pair-np-42"], job.GetRunsOnLabels("np-42"));
    }

    [Fact]
    public void ToMachineSpec_MapsDimensions()
    {
        var spec = Job("windows-2022", "iocp", env: "lab", arch: "arm64").ToMachineSpec("Standard_D4s_v5");

        Assert.True(spec.IsInterchangeableWith(new MachineSpec { Image = "windows-2022", Environment = "lab", Architecture = "arm64", Size = "Standard_D4s_v5" }));
        Assert.Equal(OsFamily.Windows, spec.OsFamily);
    }

    [Fact]
    public void ToGitHubMatrixJson_ProducesIncludeWithRunsOn()
    {
        var expansion = JobMatrix.Expand(JobMatrix.Parse("""
            { "os": "ubuntu-24.04", "env": ["local"], "io": ["epoll"], "tls": ["openssl", "quictls"], "optional": true }
            """));

        var json = expansion.ToGitHubMatrixJson();

        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        var include = document.RootElement.GetProperty("include");
        Assert.Equal(2, include.GetArrayLength());
        var first = include[0];
        Assert.Equal("ubuntu-24.04-local-x64-epoll-openssl", first.GetProperty("id").GetString());
        Assert.Equal("local", first.GetProperty("env").GetString());
        Assert.True(first.GetProperty("optional").GetBoolean());
        Assert.Equal(["netperf", "os-ubuntu-24.04", "env-local", "x64", "io-epoll"], first.GetProperty("runs-on").EnumerateArray().Select(e => e.GetString()!));
    }

    [Theory]
    [InlineData("""{ "os": ["ubuntu-24.04"], "enviroment": ["local"] }""", "the matrix has an unknown property 'enviroment'")]
    [InlineData("""{ "os": [1] }""", "each value of 'os' must be a JSON string, not number.")]
    [InlineData("""{ "include": [ { "os": "ubuntu-24.04", "env": "local", "io": "epoll" } ] }""", "include[0] has no 'tls'")]
    [InlineData("""{ "optional": "yes" }""", "the matrix.optional must be true or false")]
    [InlineData("""{ "os": [ }""", "The matrix is not valid JSON")]
    public void Parse_Malformed_ThrowsNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<JobMatrixException>(() => JobMatrix.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_File_ParsesAndPrefixesErrorsWithPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npc-matrix-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, """{ "os": ["ubuntu-24.04"], "env": ["local"], "io": ["epoll"], "tls": ["openssl"], "typo": 1 }""");
            var ex = await Assert.ThrowsAsync<JobMatrixException>(() => JobMatrix.LoadAsync(path));
            Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
