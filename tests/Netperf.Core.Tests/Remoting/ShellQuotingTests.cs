using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

public sealed class ShellQuotingTests
{
    [Fact]
    public void For_PicksPowerShellOnWindowsAndShElsewhere()
    {
        Assert.Equal("'it''s'", ShellQuoting.For(OsFamily.Windows, "it's"));
        Assert.Equal("'it'\\''s'", ShellQuoting.For(OsFamily.Linux, "it's"));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Posix_HostileValue_ShPrintsItLiterallyAndRunsNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        const string value = "it's $(echo ran) `echo ran` \"q\" ; echo ran \\ * \n second line";
        await using var shell = new LocalProcessShell();

        var result = await shell.RunAsync(new RemoteCommand { Text = "printf '%s' " + ShellQuoting.Posix(value) });

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(value + "\n", result.StandardOutput); // the shell collects output line by line
    }
}
