using Netperf.Perf.Export;
using Netperf.Perf.Hosting;
using Netperf.Perf.Results;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.Export;

/// <summary>Exporters are plug-ins: the built-ins are registered once, a test assembly's own is chosen by --export like them.</summary>
public sealed class ExporterPlugInTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("npp-export-").FullName;

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void BuiltIn_EveryFormatOnce()
    {
        Assert.Equal(["json", "md", "csv", "html"], PerfExporters.BuiltIn.Select(e => e.Name));
    }

    [Fact]
    public void Select_UnknownName_ThrowsNamingTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => PerfExporters.Select("md,pdf", PerfExporters.BuiltIn));

        Assert.Contains("pdf", e.Message, StringComparison.Ordinal);
        Assert.Contains("json,md,csv,html", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExportOfAPlugInFromTheTestAssembly_WritesItsFileBesideTheResults()
    {
        var results = Path.Combine(_folder, "r.json");
        var context = new PerfProgramContext(_out, _error, [typeof(SummaryLineExporter).Assembly]);

        var exit = await PerfProgram.RunAsync(["NoOp", "-d", "1", "-w", "0", "-p", "1", "--processes", "1", "--export", "summary,csv", "--results-file", results], context);

        Assert.True(exit == 0, _error.ToString());
        var summary = Path.Combine(_folder, "r.summary.txt");
        Assert.StartsWith("NoOpTest Succeeded ", await File.ReadAllTextAsync(summary), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "r.csv")));
        Assert.Contains($"Exported summary to {summary}", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExportNameNoExporterHas_Exits2NamingTheChoicesAndRunsNothing()
    {
        var context = new PerfProgramContext(_out, _error, [typeof(SummaryLineExporter).Assembly]);

        var exit = await PerfProgram.RunAsync(["NoOp", "-d", "1", "-w", "0", "--export", "pdf"], context);

        Assert.Equal(PerfExitCodes.UsageError, exit);
        Assert.Contains("summary", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("=== Results", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exporters_PlugInWithABuiltInsName_ReplacesIt()
    {
        var replacement = new NamedExporter("md");
        var context = new PerfProgramContext(_out, _error, []) { Exporters = [.. PerfExporters.BuiltIn, replacement] };

        Assert.Same(replacement, PerfExporters.Select("md", context.Exporters).Single());
    }

    private sealed class NamedExporter(string name) : IPerfExporter
    {
        public string Name => name;

        public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context) => [];
    }
}
