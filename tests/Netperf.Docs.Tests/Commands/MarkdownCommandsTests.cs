namespace Netperf.Docs.Tests.Commands;

public sealed class MarkdownCommandsTests
{
    [Fact]
    public void Parse_CommandBlocks_OneCommandPerLineWithItsLine()
    {
        var page = "# T\n\n```sh\ndotnet run --project a   # comment\n\n# a comment line\nbash eng/x.sh 1\n```\n";

        var commands = MarkdownCommands.Parse("p.md", page);

        Assert.Equal([new DocCommand("p.md", 4, "sh", "dotnet run --project a"), new DocCommand("p.md", 7, "sh", "bash eng/x.sh 1")], commands);
    }

    [Fact]
    public void Parse_OtherBlocks_AreNotCommands()
    {
        var page = "```json\n{ }\n```\n```\nusage: x [--y]\n```\n```csharp\nvar x = 1;\n```\n```yaml\nrun: echo hi\n```\n";

        Assert.Empty(MarkdownCommands.Parse("p.md", page));
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("shell")]
    [InlineData("pwsh")]
    [InlineData("console")]
    public void Parse_EachCommandLanguage_IsACommandBlock(string language)
    {
        var commands = MarkdownCommands.Parse("p.md", $"```{language}\nrun-me\n```\n");

        Assert.Equal("run-me", Assert.Single(commands).Text);
    }

    [Fact]
    public void Parse_Continuation_JoinsLinesAtTheFirstLine()
    {
        var commands = MarkdownCommands.Parse("p.md", "x\n```bash\ndotnet run \\\n  --project a \\\n  -- b\n```\n");

        Assert.Equal(new DocCommand("p.md", 3, "bash", "dotnet run --project a -- b"), Assert.Single(commands));
    }

    [Fact]
    public void Parse_ConsoleSession_OnlyPromptedLinesAreCommands()
    {
        var commands = MarkdownCommands.Parse("p.md", "```console\n$ netperf list\nNoOpTest  does nothing\n$ netperf NoOp -d 1\n```\n");

        Assert.Equal(["netperf list", "netperf NoOp -d 1"], commands.Select(c => c.Text));
    }

    [Fact]
    public void StripComment_HashInsideQuotesOrWords_IsKept()
    {
        Assert.Equal("echo '#x' a#b ", MarkdownCommands.StripComment("echo '#x' a#b # note"));
    }

    [Fact]
    public void Parse_UnclosedFence_ThrowsNamingTheLine()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarkdownCommands.Parse("p.md", "a\n```sh\nls\n"));

        Assert.Contains("p.md:2", error.Message, StringComparison.Ordinal);
    }
}
