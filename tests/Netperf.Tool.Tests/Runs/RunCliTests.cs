using System.Text.Json;
using Microsoft.Extensions.Options;
using Netperf.Core.Runs;
using Netperf.Testing;
using Netperf.Testing.Integration;
using Netperf.Testing.Network;
using Netperf.Tool.Tests.Pairs;

namespace Netperf.Tool.Tests.Runs;

/// <summary>
/// <c>netperf provision</c> and <c>netperf run</c> through the real process: bad input is refused with one line naming
/// the problem, exit 2 and nothing created; <c>run</c> on <c>local</c> runs every job's TCP test against netperf-peer
/// and leaves nothing behind.
/// </summary>
public sealed class RunCliTests
{
    public static TheoryData<string, string, string, string> BadInput => new()
    {
        { "impossible row", "provision", """{"os":["windows-2022"],"env":["local"],"io":["iocp"],"tls":["schannel"]}""", "error: row windows-2022-local-x64-iocp-schannel cannot be made: the local environment runs on this Linux machine and cannot make a Windows pair (windows-2022)" },
        { "impossible row (run)", "run", """{"os":["windows-2022"],"env":["local"],"io":["iocp"],"tls":["schannel"]}""", "error: row windows-2022-local-x64-iocp-schannel cannot be made" },
        { "unconfigured environment", "provision", """{"os":["ubuntu-24.04"],"env":["azure"],"io":["epoll"],"tls":["openssl"]}""", "error: row ubuntu-24.04-azure-x64-epoll-openssl cannot be made: environment 'azure' is not configured here" },
        { "unparsable matrix", "provision", """{"os":["ubuntu-24.04"],""", "error: " },
        { "unknown property", "run", """{"os":["ubuntu-24.04"],"env":["local"],"io":["epoll"],"tls":["openssl"],"colour":["red"]}""", "error: " },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Verb_BadMatrix_Exits2WithOneLineAndCreatesNothing(string name, string verb, string matrix, string expected)
    {
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        cli.With("Netperf__Runs__Directory", plans);
        var file = Path.Combine(cli.Root, "matrix.json");
        await File.WriteAllTextAsync(file, matrix);
        string[] args = verb == "run"
            ? ["run", "--matrix", file, "--run", "bad-1", "--", "true"]
            : ["provision", "--matrix", file, "--run", "bad-1", "--no-runners"];

        var (exit, stdout, stderr) = await cli.RunAsync(args);

        Assert.True(exit == 2, $"{name}: exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Empty(cli.PairEntries());
        Assert.False(Directory.Exists(plans) && Directory.EnumerateFileSystemEntries(plans).Any(), $"{name}: a plan was written");
    }

    [Theory]
    [InlineData("matrix", "missing", "does not exist.")]
    [InlineData("matrix", "folder", "is a folder; give the matrix JSON file.")]
    [InlineData("provision", "missing", "does not exist.")]
    [InlineData("run", "folder", "is a folder; give the matrix JSON file.")]
    public async Task Verb_MatrixFileMissingOrAFolder_Exits2NamingTheFile(string verb, string kind, string expected)
    {
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        cli.With("Netperf__Runs__Directory", plans);
        var file = Path.Combine(cli.Root, "matrix.json");
        if (kind == "folder")
        {
            Directory.CreateDirectory(file);
        }

        string[] args = verb switch
        {
            "matrix" => ["matrix", "expand", file],
            "run" => ["run", "--matrix", file, "--run", "bad-3", "--", "true"],
            _ => ["provision", "--matrix", file, "--run", "bad-3", "--no-runners"],
        };

        var (exit, stdout, stderr) = await cli.RunAsync(args);

        Assert.True(exit == 2, $"{verb} {kind}: exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"error: the matrix file '{file}' {expected}", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(cli.PairEntries());
        Assert.False(Directory.Exists(plans));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task Provision_UnknownLabImage_Exits2NamingTheLabsImagesAndCreatesNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        cli.With("Netperf__Runs__Directory", plans).With("Netperf__Lab__SingleMachine", "true");
        var file = Path.Combine(cli.Root, "matrix.json");
        await File.WriteAllTextAsync(file, """{"os":["nosuch-1"],"env":["lab"],"io":["epoll"],"tls":["openssl"]}""");

        var (exit, stdout, stderr) = await cli.RunAsync("provision", "--matrix", file, "--run", "bad-2", "--no-runners");

        Assert.True(exit == 2, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.StartsWith(
            "error: row nosuch-1-lab-x64-epoll-openssl cannot be made: no two enabled lab hosts can run image 'nosuch-1' (the lab's images: ubuntu-24.04)",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(plans));
    }

    [Fact]
    public async Task Provision_RunIdInUse_Exits2AndLeavesTheExistingPlanAlone()
    {
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        cli.With("Netperf__Runs__Directory", plans);
        var store = new RunPlanStore(Options.Create(new RunPlanOptions { Directory = plans }));
        var existing = new RunPlan { RunId = "taken-1", Owner = "someone", CreatedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(1) };
        await store.CreateAsync(existing);
        var before = await File.ReadAllTextAsync(store.PathOf("taken-1"));
        var file = Path.Combine(cli.Root, "matrix.json");
        await File.WriteAllTextAsync(file, """{"os":["ubuntu-24.04"],"env":["local"],"io":["epoll"],"tls":["openssl"]}""");

        var (exit, stdout, stderr) = await cli.RunAsync("provision", "--matrix", file, "--run", "taken-1", "--no-runners");

        Assert.True(exit == 2, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.StartsWith("error: run 'taken-1' exists already", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(cli.PairEntries());
        Assert.Equal(before, await File.ReadAllTextAsync(store.PathOf("taken-1")));
        Assert.Single(Directory.GetFiles(plans));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task Run_LocalMatrixOfFourJobsOverTwoImages_EachJobsTcpTestAgreesWithTheServerAndNothingIsLeft()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh, Prerequisite.Iperf3);
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        var results = Path.Combine(cli.Root, "results");
        cli.With("Netperf__Runs__Directory", plans);
        var file = Path.Combine(cli.Root, "matrix.json");
        await File.WriteAllTextAsync(file, """{"os":["ubuntu-24.04","ubuntu-22.04"],"env":["local"],"io":["epoll","iouring"],"tls":["openssl"]}""");
        var script = Path.Combine(RepositoryRoot.Find(), "samples", "github", "tcp-test.sh");

        var (exit, stdout, stderr) = await cli.RunAsync(
            "run", "--matrix", file, "--run", "local-run-1", "--tool", "iperf3", "--json", "--",
            "sh", "-c", $"sh '{script}' '{results}'/$NETPERF_JOB_ID.json");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var jobs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, jobs.Count);
        Assert.Equal(2, jobs.Select(j => j.GetProperty("image").GetString()).Distinct().Count());
        Assert.Equal(4, jobs.Select(j => j.GetProperty("pair").GetString()).Distinct().Count());
        foreach (var job in jobs)
        {
            Assert.Equal("local", job.GetProperty("environment").GetString());
            Assert.Equal(0, job.GetProperty("exitCode").GetInt32());
            Assert.False(job.GetProperty("reassigned").GetBoolean());
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results, job.GetProperty("job").GetString() + ".json")));
            TcpTestResult.AssertCountsAgree(result.RootElement);
        }

        Assert.Empty(cli.PairEntries());
        Assert.Empty(cli.ProcessesNamingFolder());
        Assert.False(Directory.Exists(plans) && Directory.EnumerateFileSystemEntries(plans).Any(), "the plan file was left");
    }
}
