using System.Diagnostics;
using Netperf.Perf.Hosting;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Perf.Tests.Hosting;

/// <summary>
/// Bad input to a test run through the real sample program: exit 2, one line on stderr naming the problem (no help
/// dump, no stack trace), nothing on stdout: the run never starts. A <c>--results-file</c> that can never be written is
/// such input, refused before the run rather than found after it.
/// </summary>
public sealed class BadInputProcessTests : IDisposable
{
    private static readonly string SampleDll = Path.Combine(AppContext.BaseDirectory, "Netperf.Samples.PerfTests.dll");

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("npps-badinput-");

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--duration", "abc"], "Option '--duration' takes a whole number, not 'abc'." },
        { ["--duration", ""], "Option '--duration' takes a whole number, not ''." },
        { ["--parallel", "1e9"], "Option '--parallel' takes a whole number, not '1e9'." },
        { ["--iterations", "99999999999"], "Option '--iterations' takes a whole number from -2147483648 to 2147483647, not '99999999999'." },
        { ["--status-interval", "often"], "Option '--status-interval' takes a number, not 'often'." },
        { ["--duration", "0"], "Option '--duration' must be 1 or more seconds (got 0)." },
        { ["--bogus"], "Unrecognized command or argument '--bogus'." },
    };

    [IntegrationTheory(Prerequisite.Linux)]
    [MemberData(nameof(BadOptions))]
    public async Task Run_BadOptionValue_Exit2WithOneLineNamingItAndTheHelp(string[] options, string expected)
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (exit, stdout, stderr) = await RunAsync(["NoOp", .. options]);

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"{expected} Run 'NoOpTest --help' to list its options.", Assert.Single(Lines(stderr)));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_ResultsFileIsAFolder_Exit2BeforeTheRunNamingIt()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, "out")).FullName;

        var (exit, stdout, stderr) = await RunAsync("NoOp", "-d", "1", "-w", "0", "--results-file", folder);

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"Option '--results-file' '{folder}' is a folder; give a file path such as {Path.Combine(folder, "results.json")}.", Assert.Single(Lines(stderr)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_ResultsFileUnderAFile_Exit2BeforeTheRunNamingTheFile()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var file = Path.Combine(_folder.FullName, "taken");
        await File.WriteAllTextAsync(file, "x");

        var (exit, stdout, stderr) = await RunAsync("NoOp", "-d", "1", "-w", "0", "--results-file", Path.Combine(file, "sub", "r.json"));

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"Option '--results-file' '{Path.Combine(file, "sub", "r.json")}' cannot be created: '{file}' is a file, not a folder.", Assert.Single(Lines(stderr)));
        Assert.Equal("x", await File.ReadAllTextAsync(file));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_ResultsFileEmpty_Exit2InsteadOfWritingNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (exit, stdout, stderr) = await RunAsync("NoOp", "-d", "1", "-w", "0", "--results-file", "");

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("Option '--results-file' must not be empty; give a file path or leave the option out.", Assert.Single(Lines(stderr)));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_ResultsFileInAFolderThatDoesNotExistYet_CreatesItAfterTheRun()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var path = Path.Combine(_folder.FullName, "new", "deeper", "r.json");

        var (exit, stdout, stderr) = await RunAsync("NoOp", "-d", "1", "-w", "0", "--results-file", path);

        Assert.True(exit == PerfExitCodes.Success, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains($"Results written to {path}", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Versions_NoArguments_Exit2WithOneLineOnStderrNotTheUsageOnStdout()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (exit, stdout, stderr) = await RunAsync("versions");

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("versions: missing --project, --property, --base, --head. usage: versions ", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("""{"os":["ubuntu-24.04"]}""", "compare: cannot read 'x.json' as a Netperf results file: it has no 'test' property (write results files with --results-file)")]
    [InlineData("[1, 2]", "compare: cannot read 'x.json' as a Netperf results file: the file is a JSON array, not an object (write results files with --results-file)")]
    [InlineData("""{"test":"NoOp","iterations":[{}]}""", "compare: cannot read 'x.json' as a Netperf results file: it has no 'iterations[].opsPerSecond' property (write results files with --results-file)")]
    [InlineData(null, "compare: 'x.json' is a folder; give its results files (*.json).")]
    public async Task Compare_FileThatIsNoResultsFile_Exit2SayingWhatIsMissing(string? json, string expected)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var path = Path.Combine(_folder.FullName, "x.json");
        if (json is null)
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            await File.WriteAllTextAsync(path, json);
        }

        var (exit, stdout, stderr) = await RunAsync("compare", "x.json", "x.json");

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(expected, Assert.Single(Lines(stderr)));
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData(new[] { "--bogus" }, "micro: Option 'bogus' is unknown.")]
    [InlineData(new[] { "--job", "nosuch" }, "micro: The provided base job \"nosuch\" is invalid.")]
    public async Task Micro_ArgumentsBenchmarkDotNetRefuses_Exit2WithItsReasonInOneLine(string[] arguments, string expected)
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (exit, stdout, stderr) = await RunAsync(["micro", .. arguments]);

        Assert.True(exit == PerfExitCodes.UsageError, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.EndsWith("Run 'micro --help' for BenchmarkDotNet's options.", line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static List<string> Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder.FullName, ArgumentList = { SampleDll } };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        await using var process = RunningProcess.Start(info);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit, process.StandardOutput, process.StandardError);
    }
}
