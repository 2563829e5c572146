using System.Diagnostics;
using Netperf.Core.Local.Internal;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Local;

public sealed class LocalToolsTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task KillTree_ProcessWithChildren_KillsEveryMemberAndReturnsTheDescendants()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        // The shell and both sleeps hold the write end of its standard output: it ends only when all three are gone.
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 300 & sleep 300 & echo ready; wait"]) { RedirectStandardOutput = true })!;
        Assert.Equal("ready", await shell.StandardOutput.ReadLineAsync());
        var startTicks = ProcessIdentity.StartTicks(shell.Id)!.Value;

        var descendants = LocalTools.KillTree(shell.Id, startTicks);

        Assert.Equal(2, descendants.Count);
        Assert.Equal(string.Empty, await shell.StandardOutput.ReadToEndAsync());
        await shell.WaitForExitAsync();
        Assert.DoesNotContain(descendants, d => ProcessIdentity.IsAlive(d.Pid, d.StartTicks));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task KillTree_RecordedStartTimeDiffers_LeavesTheProcessAlone()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", ["300"]))!;
        var startTicks = ProcessIdentity.StartTicks(sleeper.Id)!.Value;

        // The pid of a process that is gone, recycled: the recorded start time no longer matches.
        var descendants = LocalTools.KillTree(sleeper.Id, startTicks - 1);

        Assert.Empty(descendants);
        Assert.False(sleeper.HasExited);
        sleeper.Kill();
        await sleeper.WaitForExitAsync();
    }
}
