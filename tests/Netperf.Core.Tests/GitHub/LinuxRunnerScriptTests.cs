using System.Diagnostics;
using Netperf.Core.GitHub.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.GitHub;

public sealed class LinuxRunnerScriptTests
{
    [Theory]
    [InlineData("/opt/netperf-runners/np-p1-client", "/opt/netperf-runners")]
    [InlineData("/opt/netperf-runners/np-p1-client/", "/opt/netperf-runners")]
    [InlineData("/opt//runners//np-1", "/opt//runners")]
    [InlineData("/np-1", "/")]
    [InlineData("/", "/")]
    [InlineData("np-1", ".")]
    [InlineData("runners/np-1", "runners")]
    public void DirectoryName_Path_WhatDirnamePrints(string path, string expected)
    {
        Assert.Equal(expected, LinuxRunnerScript.DirectoryName(path));
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("/opt/netperf-runners/np-p1-client")]
    [InlineData("/opt/netperf-runners/np-p1-client/")]
    [InlineData("/np-1")]
    [InlineData("np-1")]
    [InlineData("a//b//")]
    public void DirectoryName_Path_AgreesWithTheRealDirname(string path)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var dirname = Process.Start(new ProcessStartInfo("dirname", ["--", path]) { RedirectStandardOutput = true })!;
        var printed = dirname.StandardOutput.ReadToEnd().TrimEnd('\n');
        dirname.WaitForExit();

        Assert.Equal(printed, LinuxRunnerScript.DirectoryName(path));
    }
}
