using System.Text.Json;
using System.Text.RegularExpressions;
using Netperf.Quickstart;
using Netperf.Testing.Integration;

namespace Netperf.Samples.Tests.Quickstart;

/// <summary>The Quickstart as the README runs it, on real pairs: every network test, server started and stopped, counts agreeing within 1%.</summary>
public sealed class QuickstartHostTests : IDisposable
{
    private readonly string _results = Path.Combine(Path.GetTempPath(), "npnq-host-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_results))
        {
            Directory.Delete(_results, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_UnknownTest_Exits2NamingChoices()
    {
        var error = new StringWriter();
        var code = await QuickstartHost.RunAsync(["--tests", "tcp-magic"], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("tcp-up", error.ToString());
    }

    [Fact]
    public async Task RunAsync_BadEnvironment_Exits2NamingSetting()
    {
        var error = new StringWriter();
        var code = await QuickstartHost.RunAsync(["--env", "moon"], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("--env", error.ToString());
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task RunAsync_LocalPair_EveryNetworkTestAgreesWithItsServer()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        var output = new StringWriter();
        var code = await QuickstartHost.RunAsync(
            ["--env", "local", "--tests", "tcp-up,tcp-down,tcp-rr,tcp-connect,http-get,udp", "--duration", "1", "--warmup", "0", "--results", _results],
            output,
            output);

        Assert.True(code == 0, output.ToString());
        var file = Directory.GetFiles(_results, "quickstart-*.json").Single();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal("local", json.RootElement.GetProperty("environment").GetString());
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(6, results.Count);
        foreach (var result in results)
        {
            var key = result.GetProperty("key").GetString();
            Assert.Equal("succeeded", result.GetProperty("status").GetString());
            Assert.True(result.GetProperty("serverStopped").GetBoolean(), $"{key}: the server was not verified gone");
            Assert.True(result.GetProperty("clientCount").GetInt64() > 0, key);
            ServerAgreement.AssertWithin(result, 0.01);
        }

        Assert.Contains("released", output.ToString());
        Assert.Single(Directory.GetFiles(_results, "quickstart-*.md"));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task RunAsync_LocalPair_LeavesNoScratchFolderAndEveryPrintedPathExists()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        var output = new StringWriter();
        var code = await QuickstartHost.RunAsync(
            ["--env", "local", "--tests", "tcp-up,udp", "--duration", "1", "--warmup", "0", "--results", _results],
            output,
            output);

        var text = output.ToString();
        Assert.True(code == 0, text);
        var pairId = Regex.Match(text, @"^Pair (\S+):", RegexOptions.Multiline).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(pairId), text);
        Assert.Contains($"Pair {pairId} released.", text, StringComparison.Ordinal);
        var left = new[] { Path.GetTempPath(), "/tmp" }.Distinct()
            .SelectMany(folder => Directory.EnumerateFileSystemEntries(folder))
            .Where(entry => Path.GetFileName(entry).Contains(pairId, StringComparison.Ordinal))
            .ToList();
        Assert.True(left.Count == 0, $"left after the pair was released: {string.Join(", ", left)}");

        // Every absolute path the run printed (a '/' not preceded by a word character, so "Gbit/s" is not one), except the
        // readiness report's, which describes the pair's own files (its ssh_config) while the pair exists.
        var afterReadiness = Regex.Replace(text, @"^Readiness of .*\n(?:  .*\n)*", string.Empty, RegexOptions.Multiline);
        var printed = Regex.Matches(afterReadiness, @"(?<![\w.:/])/[\w.@+-]+(?:/[\w.@+-]+)*").Select(m => m.Value.TrimEnd('.')).Distinct().ToList();
        Assert.Contains(printed, p => p.StartsWith(Path.GetFullPath(_results), StringComparison.Ordinal));
        var missing = printed.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        Assert.True(missing.Count == 0, $"printed but missing: {string.Join(", ", missing)}\n{text}");
    }
}
