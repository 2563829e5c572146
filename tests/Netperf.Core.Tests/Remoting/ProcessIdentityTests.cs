using System.Diagnostics;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

public sealed class ProcessIdentityTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task Descendants_ProcessWithChildAndGrandchild_FindsBothTheSameWayWithAndWithoutChildrenFiles()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sh -c 'sleep 300 & echo ready; wait' & wait"]) { RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("ready", await shell.StandardOutput.ReadLineAsync());

            var byParents = ProcessIdentity.DescendantsFromParents(shell.Id);
            var byChildrenFiles = File.Exists($"/proc/{shell.Id}/task/{shell.Id}/children") ? ProcessIdentity.DescendantsFromChildrenFiles(shell.Id) : byParents;

            Assert.Equal(2, byParents.Count);
            Assert.Equal(byParents.Order(), byChildrenFiles.Order());
            Assert.All(byParents, d => Assert.True(ProcessIdentity.IsAlive(d.Pid, d.StartTicks)));
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
            await shell.WaitForExitAsync();
        }
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void ParentId_ThisProcess_IsItsParent()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var status = File.ReadLines("/proc/self/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));

        Assert.Equal(int.Parse(status[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture), ProcessIdentity.ParentId(Environment.ProcessId));
    }
}
