using System.Diagnostics;
using Microsoft.Diagnostics.Tracing.Etlx;
using Netperf.Perf.Hosting;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Perf.Tests.Profiling;

/// <summary><c>--profile</c> through the real sample program (with the Netperf.Perf.Diagnostics plug-in).</summary>
public sealed class ProfileTests : IDisposable
{
    private static readonly string SampleDll = Path.Combine(AppContext.BaseDirectory, "Netperf.Samples.PerfTests.dll");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("npps-profile-");

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Profile_CpuWorkTest_TraceHasTheTestsHotMethodOnTop()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync([], "CpuWorkTest", "--profile", "--duration", "2", "--warmup", "0", "--parallel", "1");

        Assert.True(code == 0, output);
        var trace = Path.Combine(_folder.FullName, "profile-CpuWorkTest-0-async.nettrace");
        Assert.True(File.Exists(trace), $"no {trace}\n{output}");
        var speedscope = Path.ChangeExtension(trace, ".speedscope.json");
        Assert.Contains("CpuWorkTest.Mix", await File.ReadAllTextAsync(speedscope));

        // The samples whose innermost frame is the sample's own code: its hot loop must lead.
        var leaves = new Dictionary<string, int>(StringComparer.Ordinal);
        var etlx = TraceLog.CreateFromEventPipeDataFile(trace, Path.Combine(_folder.FullName, "trace.etlx"));
        using (var log = new TraceLog(etlx))
        {
            foreach (var sample in log.Events.Where(e => e.ProviderName == "Microsoft-DotNETCore-SampleProfiler"))
            {
                var leaf = sample.CallStack()?.CodeAddress.FullMethodName;
                if (leaf is not null && leaf.Contains("Netperf.Samples.PerfTests", StringComparison.Ordinal))
                {
                    leaves[leaf] = leaves.GetValueOrDefault(leaf) + 1;
                }
            }
        }

        var top = leaves.OrderByDescending(l => l.Value).First();
        Assert.Contains("CpuWorkTest.Mix", top.Key, StringComparison.Ordinal);
        Assert.True(top.Value >= 100, $"only {top.Value} samples in {top.Key}");
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Profile_WithHtmlExport_ReportHasAFlameGraphNamingTheHotMethod()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync([], "CpuWorkTest", "--profile", "--duration", "2", "--warmup", "0", "--export", "html", "--results-file", "run.json");

        Assert.True(code == 0, output);
        var html = await File.ReadAllTextAsync(Path.Combine(_folder.FullName, "run.html"));
        Assert.Contains("id=\"chart-ops\"", html);
        Assert.Contains("<section id=\"flame-graphs\">", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flame\"", html);
        Assert.Matches("class=\"hottest\">[^<]*CpuWorkTest\\.Mix", html);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Profile_EventTestOverTwoProcesses_OneTracePerProcess()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync([], "ChannelEventTest", "--profile", "--duration", "1", "--warmup", "0", "--parallel", "2", "--processes", "2");

        Assert.True(code == 0, output);
        Assert.Equal(
            ["profile-ChannelEventTest-0-async.nettrace", "profile-ChannelEventTest-1-async.nettrace"],
            Directory.GetFiles(_folder.FullName, "*.nettrace").Select(Path.GetFileName).Order());
        Assert.Equal(2, Directory.GetFiles(_folder.FullName, "*.speedscope.json").Length);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Profile_DiagnosticsDisabled_SaysWhatIsMissingAndExit2()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync([("DOTNET_EnableDiagnostics", "0")], "CpuWorkTest", "--profile", "--duration", "1");

        Assert.Equal(PerfExitCodes.UsageError, code);
        Assert.Contains("DOTNET_EnableDiagnostics=0 turns it off", output);
        Assert.Empty(Directory.GetFiles(_folder.FullName));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<(string Name, string Value)> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { SampleDll }, WorkingDirectory = _folder.FullName };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return TestProcess.RunAsync(info, TimeSpan.FromMinutes(3));
    }
}
