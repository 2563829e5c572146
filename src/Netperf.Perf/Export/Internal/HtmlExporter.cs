using System.Net;
using System.Text.Json;
using Netperf.Perf.Latency;
using Netperf.Perf.Results;

namespace Netperf.Perf.Export.Internal;

/// <summary>
/// A self-contained HTML report (no network): a summary table and two SVG charts drawn by inline
/// script — ops/s over time per process, and the latency percentile curve.
/// </summary>
internal sealed class HtmlExporter : IPerfExporter
{
    public string Name => "html";

    public IReadOnlyList<string> Export(PerfRunResult result, PerfExportContext context)
    {
        var path = context.PathFor("html");
        File.WriteAllText(path, Format(result));
        return [path];
    }

    private static readonly double[] CurvePercentiles = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999, 100];

    public static string Format(PerfRunResult result)
    {
        var data = JsonSerializer.Serialize(new { ops = OpsSeries(result), latency = LatencySeries(result) });
        var title = WebUtility.HtmlEncode($"Netperf: {result.Test} ({result.Status})");
        var summary = WebUtility.HtmlEncode($"{result.OpsPerSecond:N2} ops/s (mean of {result.Iterations.Count} iteration(s)), {result.CompletedOperations:N0} operations");
        var latencyLines = LatencyText.OfRun(result) is { } l ? string.Join("", LatencyText.Lines(l).Select(x => $"<li>{WebUtility.HtmlEncode(x)}</li>")) : "<li>latency not recorded (run with --latency)</li>";
        return Template
            .Replace("%TITLE%", title, StringComparison.Ordinal)
            .Replace("%SUMMARY%", summary, StringComparison.Ordinal)
            .Replace("%LATENCY%", latencyLines, StringComparison.Ordinal)
            .Replace("%DATA%", data.Replace("</", "<\\/", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static List<object> OpsSeries(PerfRunResult result)
    {
        var series = new Dictionary<string, List<double[]>>();
        var offset = 0.0;
        foreach (var it in result.Iterations)
        {
            if (it.ProcessSamples is { Count: > 0 } perProcess)
            {
                foreach (var p in perProcess)
                {
                    Add(series, $"process {p.ProcessIndex}", p.Samples, offset);
                }
            }

            Add(series, "total", it.Samples, offset);
            offset += it.DurationSeconds;
        }

        return [.. series.Select(kv => (object)new { name = kv.Key, points = kv.Value })];
    }

    private static void Add(Dictionary<string, List<double[]>> series, string name, IReadOnlyList<PerfSample> samples, double offset)
    {
        if (!series.TryGetValue(name, out var points))
        {
            points = [];
            series[name] = points;
        }

        points.AddRange(samples.Select(s => new[] { offset + s.ElapsedSeconds, s.CurrentOpsPerSecond }));
    }

    private static List<object> LatencySeries(PerfRunResult result)
    {
        var list = new List<object>();
        if (LatencyText.OfRun(result) is not { } latency)
        {
            return list;
        }

        list.Add(new { name = "service time", points = Curve(LatencyHistogram.DecodeFromBase64(latency.ServiceTimeHistogram)) });
        if (latency.CorrectedHistogram is { } corrected)
        {
            list.Add(new { name = "corrected", points = Curve(LatencyHistogram.DecodeFromBase64(corrected)) });
        }

        return list;
    }

    // x = "nines": -log10(1 - p/100), so 90 -> 1, 99 -> 2, 99.9 -> 3; y = milliseconds.
    private static List<double[]> Curve(LatencyHistogram h) =>
        [.. CurvePercentiles.Select(p => new[] { p >= 100 ? 5.5 : -Math.Log10(1 - (p / 100)), h.GetValueAtPercentile(p) / 1e6 })];

    private const string Template = """
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%TITLE%</title>
<style>body{font-family:sans-serif;margin:2em;color:#222}svg{border:1px solid #ccc;background:#fff}.legend{font-size:12px}</style>
</head><body>
<h1>%TITLE%</h1>
<p>%SUMMARY%</p>
<ul>%LATENCY%</ul>
<h2>Operations per second over time</h2>
<svg id="chart-ops" width="800" height="320" data-rendered="false"></svg>
<h2>Latency by percentile</h2>
<svg id="chart-latency" width="800" height="320" data-rendered="false"></svg>
<script id="netperf-data" type="application/json">%DATA%</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('netperf-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function draw(id, series, xLabel, yLabel, xTicks) {
    var svg = document.getElementById(id), W = 800, H = 320, L = 70, R = 140, T = 20, B = 40;
    var pts = [].concat.apply([], series.map(function (s) { return s.points; }));
    if (pts.length === 0) {
      svg.appendChild(el('text', { x: 20, y: 40 }, 'no data'));
      svg.setAttribute('data-rendered', 'empty');
      return;
    }
    var xMax = Math.max.apply(null, pts.map(function (p) { return p[0]; })) || 1;
    var yMax = Math.max.apply(null, pts.map(function (p) { return p[1]; })) || 1;
    function sx(x) { return L + (W - L - R) * x / xMax; }
    function sy(y) { return H - B - (H - T - B) * y / yMax; }
    svg.appendChild(el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#333' }));
    svg.appendChild(el('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#333' }));
    svg.appendChild(el('text', { x: (W - R + L) / 2, y: H - 5, 'text-anchor': 'middle' }, xLabel));
    svg.appendChild(el('text', { x: 5, y: T + 10 }, yLabel));
    for (var i = 0; i <= 4; i++) {
      var v = yMax * i / 4;
      svg.appendChild(el('text', { x: L - 5, y: sy(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, v >= 1000 ? v.toExponential(2) : v.toPrecision(3)));
    }
    (xTicks || []).forEach(function (t) {
      if (t[0] <= xMax) { svg.appendChild(el('text', { x: sx(t[0]), y: H - B + 15, 'text-anchor': 'middle', 'font-size': 11 }, t[1])); }
    });
    series.forEach(function (s, n) {
      var d = s.points.map(function (p, j) { return (j ? 'L' : 'M') + sx(p[0]).toFixed(1) + ',' + sy(p[1]).toFixed(1); }).join(' ');
      var c = colors[n % colors.length];
      svg.appendChild(el('path', { d: d, fill: 'none', stroke: c, 'stroke-width': 2, 'class': 'series' }));
      svg.appendChild(el('text', { x: W - R + 10, y: T + 15 + 16 * n, fill: c, 'class': 'legend' }, s.name));
    });
    svg.setAttribute('data-rendered', 'true');
  }
  draw('chart-ops', data.ops, 'seconds', 'ops/s', null);
  draw('chart-latency', data.latency, 'percentile', 'ms', [[0, '0'], [1, '90'], [2, '99'], [3, '99.9'], [4, '99.99'], [5, '99.999'], [5.5, 'max']]);
})();
</script>
</body></html>
""";
}
