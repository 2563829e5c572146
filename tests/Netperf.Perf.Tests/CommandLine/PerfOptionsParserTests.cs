using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.SystemTests;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.CommandLine;

public sealed class PerfOptionsParserTests
{
    private static OptionsParseResult Parse(Type optionsType, params string[] args) =>
        new PerfOptionsParser("T", null, optionsType).Parse(args, TextWriter.Null);

    [Fact]
    public void Parse_NoArguments_KeepsDocumentedDefaults()
    {
        var options = Parse(typeof(PerfOptions)).Options!;

        Assert.Equal(10, options.Duration);
        Assert.Equal(5, options.Warmup);
        Assert.Equal(1, options.Parallel);
        Assert.Equal(1, options.Iterations);
        Assert.False(options.Sync);
        Assert.False(options.NoCleanup);
        Assert.False(options.Insecure);
        Assert.Equal(1.0, options.StatusInterval);
        Assert.Null(options.ResultsFile);
    }

    [Fact]
    public void Parse_ShortAndLongNames_SetEveryCommonOption()
    {
        var options = Parse(typeof(PerfOptions), "-d", "3", "-w", "0", "-p", "4", "-i", "2", "--sync", "--no-cleanup", "--insecure", "--status-interval", "0.5", "--results-file", "r.json").Options!;

        Assert.Equal(3, options.Duration);
        Assert.Equal(0, options.Warmup);
        Assert.Equal(4, options.Parallel);
        Assert.Equal(2, options.Iterations);
        Assert.True(options.Sync);
        Assert.True(options.NoCleanup);
        Assert.True(options.Insecure);
        Assert.Equal(0.5, options.StatusInterval);
        Assert.Equal("r.json", options.ResultsFile);
    }

    [Fact]
    public void Parse_TestOwnOptions_BindsThemBesideTheCommonOnes()
    {
        var options = (SleepTestOptions)Parse(typeof(SleepTestOptions), "--delay-ms", "25", "--parallel", "3").Options!;

        Assert.Equal(25, options.DelayMs);
        Assert.Equal(3, options.Parallel);
    }

    [Fact]
    public void Parse_EnumOption_AcceptsItsNames()
    {
        var options = (ExceptionTestOptions)Parse(typeof(ExceptionTestOptions), "--throw-in", "Setup").Options!;

        Assert.Equal(ExceptionTestStage.Setup, options.ThrowIn);
    }

    [Theory]
    [InlineData(new[] { "--duration", "0" }, "Option '--duration' must be 1 or more seconds (got 0).")]
    [InlineData(new[] { "--warmup", "-1" }, "Option '--warmup' must be 0 (no warm-up) or more seconds (got -1).")]
    [InlineData(new[] { "--parallel", "0" }, "Option '--parallel' must be between 1 and 100000 (got 0).")]
    [InlineData(new[] { "--status-interval", "0" }, "Option '--status-interval' must be between 0.01 and 3600 seconds (got 0).")]
    public void Parse_OutOfRange_FailsNamingTheOptionAndValue(string[] args, string expected)
    {
        var result = Parse(typeof(PerfOptions), args);

        Assert.Null(result.Options);
        Assert.Equal(expected, Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_NotANumber_FailsNamingTheOption()
    {
        var result = Parse(typeof(SleepTestOptions), "--delay-ms", "soon");

        Assert.Null(result.Options);
        Assert.Contains("--delay-ms", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOption_Fails()
    {
        var result = Parse(typeof(PerfOptions), "--durration", "3");

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.Contains("--durration", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CrossFieldValidation_ReportsTheClassRule()
    {
        var result = Parse(typeof(HttpClientGetTestOptions));

        Assert.StartsWith("Option '--url' is required unless --start-server", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Help_ListsCommonAndOwnOptionsWithDefaults()
    {
        using var help = new StringWriter();

        var result = new PerfOptionsParser("SleepTest", "Sleeps.", typeof(SleepTestOptions)).Parse(["--help"], help);

        Assert.True(result.HelpRequested);
        var text = help.ToString();
        Assert.Contains("SleepTest", text, StringComparison.Ordinal);
        Assert.Contains("-d, --duration", text, StringComparison.Ordinal);
        Assert.Contains("--delay-ms", text, StringComparison.Ordinal);
        Assert.Contains("[default: 100]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_SecretOption_IsRedacted()
    {
        var parser = new PerfOptionsParser("T", null, typeof(SecretOptions));
        var options = (SecretOptions)parser.Parse(["--key", "hunter2"], TextWriter.Null).Options!;

        var described = parser.Describe(options);

        Assert.Equal("***", described["key"]);
        Assert.Equal(10, described["duration"]);
    }

    [Theory]
    [InlineData("--key", "hunter2")]
    [InlineData("-k", "hunter2")]
    [InlineData("--key=hunter2")]
    [InlineData("--key:hunter2")]
    public void Split_SecretOption_LeavesItOutOfThePublicArgumentsAndRedactsIt(params string[] secretArgs)
    {
        var parser = new PerfOptionsParser("T", null, typeof(SecretOptions));

        var split = parser.Split(["-d", "3", .. secretArgs, "--parallel", "2"]);

        Assert.Equal(["-d", "3", "--parallel", "2"], split.Public);
        Assert.Equal(2, split.Secret.Count);
        Assert.Equal("hunter2", split.Secret[1]);
        Assert.DoesNotContain(split.Redacted, a => a.Contains("hunter2", StringComparison.Ordinal));
        Assert.Contains(PerfOptionsParser.Mask, split.Redacted);
        var rejoined = (SecretOptions)parser.Parse([.. split.Public, .. split.Secret], TextWriter.Null, expandResponseFiles: false).Options!;
        Assert.Equal("hunter2", rejoined.Key);
        Assert.Equal(3, rejoined.Duration);
        Assert.Equal(2, rejoined.Parallel);
    }

    [Fact]
    public void Split_ResponseFile_ExpandsItSoTheSecretIsSeparated()
    {
        var file = Path.Combine(Path.GetTempPath(), $"npsecret-{Guid.NewGuid():N}.rsp");
        File.WriteAllText(file, "--key hunter2\n--duration 4\n");
        try
        {
            var split = new PerfOptionsParser("T", null, typeof(SecretOptions)).Split(["@" + file]);

            Assert.Equal(["--duration", "4"], split.Public);
            Assert.Equal(["--key", "hunter2"], split.Secret);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Redact_SecretValueAnywhere_IsMasked()
    {
        var parser = new PerfOptionsParser("T", null, typeof(SecretOptions));
        var options = (SecretOptions)parser.Parse(["--key", "hunter2"], TextWriter.Null).Options!;

        var recorded = parser.Redact(["--key", "hunter2", "--results-file", "hunter2.json"], options);

        Assert.Equal(["--key", "***", "--results-file", "***.json"], recorded);
    }

    [Fact]
    public void Parse_InvalidSecretValue_ErrorDoesNotShowIt()
    {
        var result = Parse(typeof(SecretOptions), "--key", "x", "--pin", "hunter2");

        Assert.Null(result.Options);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.DoesNotContain("hunter2", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SecretFailsValidation_ErrorDoesNotShowIt()
    {
        var result = Parse(typeof(SecretOptions), "--key", "hunter2-is-far-too-long-for-the-limit");

        var error = Assert.Single(result.Errors);
        Assert.Contains("'--key'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateOptionName_ThrowsNamingBothProperties()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PerfOptionsParser("T", null, typeof(ClashingOptions)));

        Assert.Contains("'-d'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Depth", error.Message, StringComparison.Ordinal);
    }

    public sealed class SecretOptions : PerfOptions
    {
        [PerfOption("--key", "-k", Secret = true)]
        [System.ComponentModel.DataAnnotations.MaxLength(20, ErrorMessage = "must be at most 20 characters")]
        public string? Key { get; set; }

        [PerfOption("--pin", Secret = true)]
        public int Pin { get; set; }
    }

    public sealed class ClashingOptions : PerfOptions
    {
        [PerfOption("--depth", "-d")]
        public int Depth { get; set; }
    }
}
