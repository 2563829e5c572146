namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// Bad input and a broken environment, through the real <c>netperf</c> process: usage errors exit 2, environment
/// errors exit 1, each with one clear line on stderr, no help on stdout and no stack trace (unless <c>-v</c>);
/// deleting a pair that does not exist says so and exits 3.
/// </summary>
public sealed class PairsCliErrorTests
{
    public static TheoryData<string, string[], string?, string> UsageErrors => new()
    {
        { "count 0", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--count", "0"], null, "error: --count must be a whole number from 1 to 64, not '0'." },
        { "count not a number", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--count", "abc"], null, "error: --count must be a whole number from 1 to 64, not 'abc'." },
        { "count beyond int", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--count", "99999999999"], null, "error: --count must be a whole number from 1 to 64, not '99999999999'." },
        { "count 1e9", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--count", "1e9"], null, "error: --count must be a whole number from 1 to 64, not '1e9'." },
        { "attempts 0", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--attempts", "0"], null, "error: --attempts must be a whole number from 1 to 10, not '0'." },
        { "rounds not a number", ["bench", "pairs", "--rounds", "abc"], null, "error: --rounds must be a whole number from 1 to 1000, not 'abc'." },
        { "ttl beyond TimeSpan", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--ttl", "1e9d"], null, "error: '1e9d' is longer than 49d, the longest duration an option takes." },
        { "ttl beyond the clock", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--ttl", "10675198d"], null, "error: '10675198d' is longer than 49d" },
        { "ttl NaN", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--ttl", "NaNs"], null, "error: 'NaNs' is not a positive duration" },
        { "timeout Infinity", ["exec", "p1", "--timeout", "Infinityh", "--", "true"], null, "error: 'Infinityh' is longer than 49d" },
        { "shell not among the choices", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--shell", "bash"], null, "error: Argument 'bash' not recognized. Must be one of: 'sh' 'pwsh' See 'netperf pairs create --help'." },
        { "os local cannot make", ["pairs", "create", "--env", "local", "--os", "windows-2022"], null, "error: the local environment runs on this Linux machine and cannot make a Windows pair (windows-2022); nothing was created." },
        { "blank --os", ["pairs", "create", "--env", "local", "--os", " "], null, "error: --os must not be empty; give a value or leave the option out." },
        { "blank --run", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--run", ""], null, "error: --run must not be empty; give a value or leave the option out." },
        { "blank --run (provision)", ["provision", "--matrix", "m.json", "--run", "", "--no-runners"], null, "error: --run must not be empty" },
        { "blank --env (list)", ["pairs", "list", "--env", ""], null, "error: --env must not be empty" },
        { "number option (results)", ["results", "check", "--store", "s.db", "--significance", "abc"], null, "error: --significance takes a number, not 'abc'. See 'netperf results check --help'." },
        { "whole-number option (results)", ["results", "check", "--store", "s.db", "--permutations", "1e9"], null, "error: --permutations takes a whole number, not '1e9'." },
        { "empty file path", ["matrix", "expand", ""], null, "error: <file> takes a file path, not ''." },
        { "unknown option", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--bogus"], null, "error: Unrecognized command or argument '--bogus'." },
        { "unknown --env", ["pairs", "create", "--env", "moon", "--os", "ubuntu-24.04"], null, "error: unknown environment 'moon'; registered: local" },
        { "unknown --env (list)", ["pairs", "list", "--env", "moon"], null, "error: unknown environment 'moon'" },
        { "bad --ttl", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--ttl", "soon"], null, "error: 'soon' is not a positive duration" },
        { "bad --cleanup-timeout", ["pairs", "list", "--cleanup-timeout", "-1s"], null, "error: '-1s' is not a positive duration" },
        { "non-numeric setting", ["pairs", "create", "--env", "local", "--os", "ubuntu-24.04"], "Netperf__Pool__MaxParallelProvisioning=many", "configuration error: Failed to convert configuration value 'many' at 'Netperf:Pool:MaxParallelProvisioning'" },
        { "no command", [], null, "error: Required command was not provided." },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Run_UsageError_Exits2WithOneLineOnStderrAndNothingOnStdout(string name, string[] args, string? setting, string expected)
    {
        await using var cli = new PairsCli();
        if (setting is not null)
        {
            cli.With(setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        }

        var (exit, stdout, stderr) = await cli.RunAsync(args);

        Assert.True(exit == 2, $"{name}: exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.True(stdout.Length == 0, $"{name}: stdout must stay empty, got:\n{stdout}");
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Empty(cli.PairEntries());
    }

    [Theory]
    [InlineData("Netperf__Lab__SingleMachine", "maybe", "Netperf:Lab:SingleMachine")]
    [InlineData("Netperf__Lab__Hosts", "garbage", "Netperf:Lab:Hosts is empty")]
    public async Task Run_LabSettingThatIsNoValue_Exits2WithOneConfigurationErrorNamingIt(string variable, string value, string named)
    {
        await using var cli = new PairsCli();
        cli.With(variable, value);

        var (exit, stdout, stderr) = await cli.RunAsync("pairs", "list");

        Assert.True(exit == 2, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingInventoryFile_Exits1WithOneLineNamingTheSetting()
    {
        await using var cli = new PairsCli();
        var missing = Path.Combine(cli.Root, "no-such-inventory.json");
        cli.With("Netperf__Lab__InventoryFile", missing);

        var (exit, stdout, stderr) = await cli.RunAsync("pairs", "list");

        Assert.True(exit == 1, $"exit {exit}\n{stderr}");
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Equal($"error: the lab inventory file '{missing}' (Netperf:Lab:InventoryFile) does not exist; write one (see docs/lab.md) or unset the setting.", line);
    }

    [Fact]
    public async Task Run_MissingInventoryFileVerbose_AddsTheStackTrace()
    {
        await using var cli = new PairsCli();
        cli.With("Netperf__Lab__InventoryFile", Path.Combine(cli.Root, "no-such-inventory.json"));

        var (exit, _, stderr) = await cli.RunAsync("pairs", "list", "-v");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: the lab inventory file", Lines(stderr)[0], StringComparison.Ordinal);
        Assert.Contains("   at Netperf.Tool.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--env", "local")]
    [InlineData(null, null)]
    public async Task Delete_PairThatDoesNotExist_Exits3SayingSo(string? option, string? value)
    {
        await using var cli = new PairsCli();
        string[] args = option is null ? ["pairs", "delete", "np-0123456789"] : ["pairs", "delete", "np-0123456789", option, value!];

        var (exit, stdout, stderr) = await cli.RunAsync(args);

        Assert.True(exit == 3, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.DoesNotContain("Deleted", stdout, StringComparison.Ordinal);
        var line = Assert.Single(Lines(stderr));
        Assert.Equal("error: no pair 'np-0123456789' in local; nothing was deleted. See 'pairs list'.", line);
    }

    private static List<string> Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
