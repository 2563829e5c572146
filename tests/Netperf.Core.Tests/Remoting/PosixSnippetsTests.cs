using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PosixSnippetsTests
{
    [IntegrationFact(Prerequisite.Root)]
    public async Task SudoUnlessRoot_AsRootAndAsAnotherUser_EffectiveUidAndSudoOfThatUser()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var script = PosixSnippets.SudoUnlessRoot + "printf '%s|%s|%s\\n' \"$np_euid\" \"$SUDO\" \"$(id -u)\"";
        await using var shell = new LocalProcessShell();

        var asRoot = await shell.RunAsync(new RemoteCommand { Text = "set -eu\n" + script, Timeout = TimeSpan.FromSeconds(30) });
        var asNobody = await shell.RunAsync(new RemoteCommand
        {
            Text = "exec runuser -u nobody -- sh -c " + ShellQuoting.Posix("set -eu\n" + script),
            Timeout = TimeSpan.FromSeconds(30),
        });

        Assert.Equal("0||0\n", asRoot.StandardOutput);
        var nobody = asNobody.StandardOutput.TrimEnd('\n').Split('|');
        Assert.True(asNobody.ExitCode == 0, asNobody.StandardError);
        Assert.Equal([nobody[2], "sudo -n", nobody[2]], nobody);
        Assert.NotEqual("0", nobody[2]);
    }
}
