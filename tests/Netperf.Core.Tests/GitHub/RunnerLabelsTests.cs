using Netperf.Core.GitHub;
using Netperf.Core.Pairs;

namespace Netperf.Core.Tests.GitHub;

public sealed class RunnerLabelsTests
{
    [Theory]
    [InlineData("ubuntu-latest")]
    [InlineData("Ubuntu-22.04")]
    [InlineData("ubuntu-24.04-arm")]
    [InlineData("windows-2022")]
    [InlineData("windows-2025")]
    [InlineData("windows-latest")]
    [InlineData("windows-11-arm")]
    [InlineData("macos-latest")]
    [InlineData("macos-14-large")]
    [InlineData("self-hosted")]
    [InlineData("has space")]
    [InlineData("a,b")]
    [InlineData("")]
    public void FindProblem_HostedReservedOrMalformed_Refused(string label) =>
        Assert.NotNull(RunnerLabels.FindProblem(label));

    [Theory]
    [InlineData("netperf")]
    [InlineData("os-ubuntu-24.04")]
    [InlineData("os-ubuntu-latest")]
    [InlineData("os-windows-2022")]
    [InlineData("env-azure")]
    [InlineData("x64")]
    [InlineData("io-iouring")]
    [InlineData("pair-np-1a2b")]
    [InlineData("run-4711-1")]
    public void FindProblem_SchemeLabels_Accepted(string label) =>
        Assert.Null(RunnerLabels.FindProblem(label));

    [Fact]
    public void ForPair_MatchesMatrixJobRunsOnLabelsPlusRun()
    {
        var job = new MatrixEntry { Os = "windows-2022", Environment = "azure", Architecture = "x64", Io = "iocp", Tls = "schannel" };

        var labels = RunnerLabels.ForPair("p9", job.ToMachineSpec(), "123-1", job.Io);

        Assert.Equal(job.GetRunsOnLabels("p9").Append("run-123-1"), labels);
    }

    [Fact]
    public void Defaults_AndLabelReaders_RoundTrip()
    {
        var runner = new RunnerInfo
        {
            Id = 1,
            Name = "n",
            Labels = RunnerLabels.ForPair("P-7", new MachineSpec { Image = "ubuntu-24.04", Environment = "Lab", Architecture = "amd64" }, "run-55-2")
                .Select(l => new RunnerLabel { Name = l }).ToList(),
        };

        Assert.Equal(["self-hosted", "Windows", "ARM64"], RunnerLabels.Defaults("windows", "aarch64"));
        Assert.Equal("p-7", RunnerLabels.FindPairId(runner));
        Assert.Equal("55-2", RunnerLabels.FindRunId(runner));
        Assert.Equal("lab", RunnerLabels.FindEnvironment(runner));
        Assert.True(runner.HasLabel("X64"));
    }

    [Fact]
    public async Task HostedRunnerLabelCheck_JobWithHostedArchLabel_Reported()
    {
        var good = new MatrixEntry { Os = "ubuntu-24.04", Environment = "lab", Architecture = "x64", Io = "epoll", Tls = "openssl" };
        var bad = good with { Architecture = "ubuntu-latest" };

        var none = await new HostedRunnerLabelCheck().CheckAsync(new JobMatrixExpansion { Jobs = [good] });
        var some = await new HostedRunnerLabelCheck().CheckAsync(new JobMatrixExpansion { Jobs = [good, bad] });

        Assert.Empty(none);
        Assert.Contains("'ubuntu-latest'", Assert.Single(some), StringComparison.Ordinal);
    }
}
