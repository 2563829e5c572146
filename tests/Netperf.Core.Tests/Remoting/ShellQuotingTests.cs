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

    [Theory]
    [InlineData("\u2018", "'\u2018\u2018'")]
    [InlineData("\u2019", "'\u2019\u2019'")]
    [InlineData("\u201A", "'\u201A\u201A'")]
    [InlineData("\u201B", "'\u201B\u201B'")]
    [InlineData("it's", "'it''s'")]
    public void PowerShell_SingleQuoteOfAnyKind_IsDoubled(string value, string expected) =>
        Assert.Equal(expected, ShellQuoting.PowerShell(value));

    [IntegrationFact(Prerequisite.Pwsh)]
    public async Task PowerShell_HostileValueWithTypographicQuotes_PwshPrintsItLiterallyAndRunsNothing()
    {
        Prerequisites.Ensure(Prerequisite.Pwsh);

        // U+2018..U+201B end a PowerShell single-quoted string like ' does: undoubled, the rest would run as code.
        const string value = "it's \u2018a\u2019 \u201Ab\u201B \u201Cc\u201D $(Write-Output ran) `$x ; Write-Output ran \n second line";
        var script = "[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)\n[Console]::Out.Write(" + ShellQuoting.PowerShell(value) + ")";
        var start = new System.Diagnostics.ProcessStartInfo(Prerequisites.FindPwsh()!) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var argument in new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand", Convert.ToBase64String(System.Text.Encoding.Unicode.GetBytes(script)) })
        {
            start.ArgumentList.Add(argument);
        }

        using var pwsh = System.Diagnostics.Process.Start(start)!;
        var output = await pwsh.StandardOutput.ReadToEndAsync();
        var error = await pwsh.StandardError.ReadToEndAsync();
        await pwsh.WaitForExitAsync();

        Assert.True(pwsh.ExitCode == 0, error);
        Assert.Equal(value, output);
    }
}
