using Netperf.Testing;

namespace Netperf.Docs.Tests.Commands;

public sealed class DocCommandRunnerTests : IDisposable
{
    private readonly string _root = RepositoryRoot.Find();
    private readonly DocCommandRunner _runner = new(RepositoryRoot.Find());

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Translate_DotnetRunProject_RunsTheProjectsBuiltDllWithTheSameArguments()
    {
        var translated = _runner.Translate("dotnet run -c Release --project src/Netperf.Tool -- matrix expand 'a b.json' --json");

        var dll = Path.Combine(_root, "src", "Netperf.Tool", "bin", DocCommandRunner.Configuration, "net10.0", "netperf.dll");
        Assert.Equal($"dotnet '{dll}' matrix expand 'a b.json' --json", translated);
    }

    [Fact]
    public void Translate_InstalledTool_RunsTheToolsBuildWithTheSameArguments()
    {
        var translated = _runner.Translate("netperf matrix expand 'a b.json' --json");

        var dll = Path.Combine(_root, "src", "Netperf.Tool", "bin", DocCommandRunner.Configuration, "net10.0", "netperf.dll");
        Assert.Equal($"dotnet '{dll}' matrix expand 'a b.json' --json", translated);
    }

    [Fact]
    public void Translate_OtherCommands_AreUnchanged()
    {
        Assert.Equal("bash eng/bench-scale.sh latency 1", _runner.Translate("bash eng/bench-scale.sh latency 1"));
        Assert.Equal("netperfx --help", _runner.Translate("netperfx --help"));
    }

    [Fact]
    public void Translate_DotnetRunWithoutProject_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _runner.Translate("dotnet run -c Release -- NoOp"));

        Assert.Contains("without --project", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RepositoryRelativePaths_ResolveAndOutputStaysInTheWorkingDirectory()
    {
        var (code, output) = await _runner.RunAsync("test -f docs/README.md && echo made > out.txt && cat out.txt", TimeSpan.FromSeconds(30));

        Assert.True(code == 0, output);
        Assert.Equal("made", output.Trim());
        Assert.True(File.Exists(Path.Combine(_runner.WorkingDirectory, "out.txt")));
        Assert.False(File.Exists(Path.Combine(_root, "out.txt")));
    }

    [Fact]
    public async Task RunAsync_FailingCommand_ReturnsItsExitCode()
    {
        var (code, _) = await _runner.RunAsync("exit 3", TimeSpan.FromSeconds(30));

        Assert.Equal(3, code);
    }
}
