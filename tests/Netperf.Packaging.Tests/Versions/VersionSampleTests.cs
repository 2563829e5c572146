using System.Text.Json;
using Netperf.Packaging.Tests.Packaging;
using Netperf.Testing;

namespace Netperf.Packaging.Tests.Versions;

/// <summary>
/// Follows samples/VersionCompare/README.md: two versions of a package built in the repo, one test
/// project built against each, run in alternation, judged by compare.
/// </summary>
public sealed class VersionSampleTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "netperf-versions-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task VersionSample_VectorisedVersionAgainstByteLoop_Improved()
    {
        var root = RepositoryRoot.Find();
        Environment.SetEnvironmentVariable("NETPERF_VERSIONS_OUT", _output);
        var (code, output) = await ProcessRunner.RunAsync("bash", "eng/version-sample.sh 5 1", root, TimeSpan.FromMinutes(8));

        // 2.0.0 is the vectorised checksum: ~8x the byte loop's ops/s. Five rounds: with two files a side, Welch's
        // test has one degree of freedom and calls even a 10x change unproven (p = 0.14 in one run); with three, one
        // iteration slowed by the rest of the suite on two cores was enough to call it unproven in a CI run.
        var tail = output.Length > 2000 ? output[^2000..] : output;
        Assert.True(code == 0, $"eng/version-sample.sh failed (exit {code}):\n{tail}");
        Assert.True(output.Contains("ChecksumTest: improved", StringComparison.Ordinal), $"expected 'ChecksumTest: improved':\n{tail}");
        Assert.DoesNotContain("WARNING", output);

        foreach (var (version, file) in new[] { ("1.0.0", "1.0.0-round1.json"), ("1.0.0", "1.0.0-round2.json"), ("2.0.0", "2.0.0-round1.json"), ("2.0.0", "2.0.0-round2.json") })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, file)));
            var recorded = json.RootElement.GetProperty("environment").GetProperty("assembliesUnderTest").GetProperty("Netperf.Samples.Checksum").GetString();
            Assert.Equal(version, recorded);
        }
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("NETPERF_VERSIONS_OUT", null);
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }
}
