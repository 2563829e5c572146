using System.Text;
using Netperf.Perf.Export;
using Netperf.Perf.Results;

namespace Netperf.Perf.Diagnostics.Profiling;

/// <summary>
/// The <c>html</c> exporter with the run's flame graphs: it replaces the built-in one of the same name (a plug-in
/// exporter of a built-in's name wins), writes the built-in report and adds a flame graph per process from the
/// <c>--profile</c> files of the run (<c>profile-&lt;Test&gt;-&lt;N&gt;-&lt;sync|async&gt;.speedscope.json</c> in the working
/// directory). Without <c>--profile</c> the report is the built-in's, unchanged.
/// </summary>
public sealed class FlameGraphHtmlExporter : IPerfExporter
{
    private readonly IPerfExporter _html = PerfExporters.BuiltIn.Single(e => string.Equals(e.Name, "html", StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public string Name => "html";

    /// <inheritdoc />
    public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var files = _html.Export(result, context);
        if (!result.Options.TryGetValue("profile", out var profile) || profile is not true)
        {
            return files;
        }

        var sync = result.Options.TryGetValue("sync", out var s) && s is true ? "sync" : "async";
        var profiles = Directory.GetFiles(Directory.GetCurrentDirectory(), $"profile-{result.Test}-*-{sync}.speedscope.json").Order(StringComparer.Ordinal).ToList();
        var html = files.FirstOrDefault(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase));
        if (profiles.Count == 0 || html is null)
        {
            return files;
        }

        var section = new StringBuilder("<section id=\"flame-graphs\"><h2>CPU flame graphs (--profile, first measured iteration)</h2>");
        foreach (var path in profiles)
        {
            var (svg, hottest) = FlameGraph.Render(File.ReadAllText(path), result.Test + ".");
            section.Append("<h3>").Append(System.Net.WebUtility.HtmlEncode(Path.GetFileName(path))).Append("</h3>")
                .Append("<p>The test's own frame with the most samples: <code class=\"hottest\">").Append(System.Net.WebUtility.HtmlEncode(hottest)).Append("</code></p>")
                .Append(svg);
        }

        section.Append("</section>");
        var text = File.ReadAllText(html);
        var end = text.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        File.WriteAllText(html, end < 0 ? text + section : text.Insert(end, section.ToString()));
        return files;
    }
}
