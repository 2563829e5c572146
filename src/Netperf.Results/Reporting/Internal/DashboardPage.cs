using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Netperf.Results.Detection;
using Netperf.Results.Series;

namespace Netperf.Results.Reporting.Internal;

/// <summary>
/// The dashboard: one self-contained HTML page (inline CSS, JS and data; SVG drawn in the browser; nothing
/// fetched when viewed). The regressions table is written here; the charts, one per series grouped by test ×
/// environment × image, are drawn by the inline script from the embedded data, with change points marked and
/// each point's commit and machines on hover.
/// </summary>
internal static class DashboardPage
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string Format(CheckReport report, IReadOnlyDictionary<SeriesKey, IReadOnlyList<ResultPoint>> points, string title, DateTimeOffset generatedAt)
    {
        var ids = report.Series.Select((s, i) => (s.Key, Id: "series-" + i.ToString(CultureInfo.InvariantCulture))).ToDictionary(x => x.Key, x => x.Id);
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            """);
        html.Append("<title>").Append(Encode(title)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        html.Append("<header><h1>").Append(Encode(title)).AppendLine("</h1>");
        html.Append("<p id=\"scope\">").Append(Encode(report.Scope)).AppendLine("</p>");
        html.Append("<p id=\"summary\">").Append(Encode(ReportText.Summary(report))).Append(" Store: ").Append(Encode(report.Store))
            .Append(". Generated ").Append(Encode(ReportText.Time(generatedAt))).AppendLine(".</p></header>");
        AppendRegressions(html, report, ids);
        html.AppendLine("<main id=\"charts\"></main>");
        html.AppendLine("<div id=\"tooltip\" role=\"tooltip\" hidden></div>");
        html.Append("<script type=\"application/json\" id=\"netperf-data\">").Append(Data(report, points, ids)).AppendLine("</script>");
        html.Append("<script>").Append(Script).AppendLine("</script>");
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    private static void AppendRegressions(StringBuilder html, CheckReport report, Dictionary<SeriesKey, string> ids)
    {
        var flagged = report.Series.Where(s => s.Verdict != RegressionVerdict.None && s.Culprit is not null)
            .OrderBy(s => s.Verdict switch { RegressionVerdict.Confirmed => 0, RegressionVerdict.Suspected => 1, _ => 2 })
            .ThenBy(s => s.Key.Canonical, StringComparer.Ordinal).ToList();
        html.AppendLine("<section id=\"regressions\"><h2>Regressions</h2>");
        if (flagged.Count == 0)
        {
            html.AppendLine("<p class=\"none\">No regression in any series.</p></section>");
            return;
        }

        html.AppendLine("<table id=\"regressions-table\"><thead><tr><th>verdict</th><th>series</th><th>when</th><th>before → after</th><th>effect (95% CI)</th><th>points after</th><th>commits</th><th>machines after</th></tr></thead><tbody>");
        foreach (var s in flagged)
        {
            var c = s.Culprit!;
            html.Append("<tr class=\"verdict-").Append(ReportText.Verdict(s.Verdict)).Append("\">")
                .Append("<td>").Append(ReportText.Verdict(s.Verdict)).Append("</td>")
                .Append("<td><a href=\"#").Append(ids[s.Key]).Append("\">").Append(Encode(s.Key.Canonical)).Append("</a></td>")
                .Append("<td>").Append(Encode(ReportText.Time(c.Timestamp))).Append("</td>")
                .Append("<td>").Append(Encode($"{ReportText.Value(c.Before)} → {ReportText.Value(c.After)} {s.Unit}")).Append("</td>")
                .Append("<td>").Append(Encode(ReportText.Effect(c, "(", ")"))).Append("</td>")
                .Append("<td>").Append(c.PointsAfter).Append("</td>")
                .Append("<td><code>").Append(Encode(ReportText.Commits(c))).Append("</code></td>")
                .Append("<td>").Append(Encode(string.Join(", ", c.MachinesAfter))).Append("</td></tr>").AppendLine();
        }

        html.AppendLine("</tbody></table></section>");
    }

    private static string Data(CheckReport report, IReadOnlyDictionary<SeriesKey, IReadOnlyList<ResultPoint>> points, Dictionary<SeriesKey, string> ids)
    {
        var series = new JsonArray();
        foreach (var s in report.Series)
        {
            var name = s.Key.Name;
            var slash = name.LastIndexOf('/');
            var test = slash > 0 ? name[..slash] : name;
            var section = $"{test} · {s.Key[SeriesLabels.Environment] ?? "no environment"} · {s.Key[SeriesLabels.Image] ?? "no image"}";
            var rest = s.Key.Labels.Where(l => l.Key is not SeriesLabels.Environment and not SeriesLabels.Image).Select(l => $"{l.Key}={l.Value}");
            series.Add(new JsonObject
            {
                ["id"] = ids[s.Key],
                ["key"] = s.Key.Canonical,
                ["section"] = section,
                ["title"] = slash > 0 ? name[(slash + 1)..] : name,
                ["detail"] = string.Join(" · ", rest),
                ["unit"] = s.Unit,
                ["higherIsBetter"] = s.HigherIsBetter,
                ["verdict"] = ReportText.Verdict(s.Verdict),
                ["points"] = new JsonArray([.. (points.GetValueOrDefault(s.Key) ?? []).Select(p => (JsonNode)new JsonObject
                {
                    ["t"] = p.Timestamp.ToUnixTimeMilliseconds(),
                    ["v"] = p.Value,
                    ["c"] = p.Commit,
                    ["m"] = p.Machine,
                    ["p"] = p.Peer,
                    ["r"] = p.Run,
                })]),
                ["changes"] = new JsonArray([.. s.Changes.Select(c => (JsonNode)new JsonObject
                {
                    ["i"] = c.Index,
                    ["before"] = c.Before,
                    ["after"] = c.After,
                    ["effect"] = ReportText.Effect(c, "(", ")"),
                    ["direction"] = c.Direction == ChangeDirection.Regression ? "regression" : "improvement",
                    ["state"] = c.Recovered ? "recovered" : c.Confirmed ? "confirmed" : "suspected",
                    ["commits"] = ReportText.Commits(c),
                })]),
                ["gaps"] = new JsonArray([.. s.Gaps.Select(g => (JsonNode)new JsonObject
                {
                    ["from"] = g.From.ToUnixTimeMilliseconds(),
                    ["to"] = g.To.ToUnixTimeMilliseconds(),
                })]),
            });
        }

        // The default encoder escapes <, > and &, so the data cannot close its script element.
        return new JsonObject { ["series"] = series }.ToJsonString(Json);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 24px 40px;color:#1f2328;background:#fff}
        h1{font-size:22px;margin:18px 0 4px}h2{font-size:17px;margin:22px 0 8px}
        #scope,#summary{margin:2px 0;color:#57606a}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
        tr.verdict-confirmed td:first-child{color:#cf222e;font-weight:600}tr.verdict-suspected td:first-child{color:#bc4c00;font-weight:600}tr.verdict-recovered td:first-child{color:#1a7f37}
        td a{color:#0969da;word-break:break-all}
        figure.series{display:inline-block;margin:8px 12px 8px 0;padding:6px;border:1px solid #d0d7de;border-radius:6px;vertical-align:top}
        figure.verdict-confirmed{border-color:#cf222e}figure.verdict-suspected{border-color:#bc4c00}
        figcaption{font-weight:600}figcaption small{display:block;font-weight:400;color:#57606a;max-width:760px;word-break:break-all}
        svg.chart{display:block;margin-top:4px}
        .axis{stroke:#8c959f;stroke-width:1}.tick{fill:#57606a;font-size:11px}
        .line{fill:none;stroke:#0969da;stroke-width:1.5}.point{fill:#0969da;cursor:pointer}.point:hover{fill:#1f2328}
        .level{stroke:#6e7781;stroke-width:1;stroke-dasharray:2 3}
        .change-marker{stroke-width:2;stroke-dasharray:5 3}.change-marker.regression{stroke:#cf222e}.change-marker.improvement{stroke:#1a7f37}.change-marker.recovered{stroke:#8c959f}
        .gap{fill:#fff8c5}
        #tooltip{position:absolute;pointer-events:none;background:#1f2328;color:#fff;padding:6px 8px;border-radius:4px;font-size:12px;white-space:pre;z-index:10}
        """;

    private const string Script = """
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('netperf-data').textContent);
          var main = document.getElementById('charts');
          var tip = document.getElementById('tooltip');
          var NS = 'http://www.w3.org/2000/svg';
          var W = 760, H = 220, L = 76, R = 14, T = 12, B = 30;
          function node(name, attrs, parent) {
            var e = document.createElementNS(NS, name);
            for (var k in attrs) { e.setAttribute(k, attrs[k]); }
            if (parent) { parent.appendChild(e); }
            return e;
          }
          function fmt(v) {
            var a = Math.abs(v);
            return a >= 1000 ? Math.round(v).toLocaleString('en-US') : a >= 10 ? v.toFixed(1) : a >= 0.1 ? v.toFixed(3) : v.toPrecision(4);
          }
          function day(t) { return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + 'Z'; }
          function show(evt, text) {
            tip.textContent = text;
            tip.hidden = false;
            tip.style.left = (evt.pageX + 12) + 'px';
            tip.style.top = (evt.pageY + 12) + 'px';
          }
          function chart(s) {
            var fig = document.createElement('figure');
            fig.id = s.id;
            fig.className = 'series verdict-' + s.verdict;
            var cap = document.createElement('figcaption');
            cap.textContent = s.title + ' (' + s.unit + (s.higherIsBetter ? ', higher is better' : ', lower is better') + ')' + (s.verdict !== 'none' ? ' - ' + s.verdict : '');
            var small = document.createElement('small');
            small.textContent = s.detail;
            cap.appendChild(small);
            fig.appendChild(cap);
            var svg = node('svg', { 'class': 'chart', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': s.key });
            var pts = s.points;
            if (pts.length === 0) { svg.setAttribute('data-rendered', 'true'); fig.appendChild(svg); return fig; }
            var t0 = pts[0].t, t1 = pts[pts.length - 1].t;
            var lo = Infinity, hi = -Infinity;
            pts.forEach(function (p) { lo = Math.min(lo, p.v); hi = Math.max(hi, p.v); });
            if (hi === lo) { hi += Math.abs(hi) * 0.05 + 1; lo -= Math.abs(lo) * 0.05 + 1; }
            var pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
            function x(t) { return t1 === t0 ? L + (W - L - R) / 2 : L + (t - t0) / (t1 - t0) * (W - L - R); }
            function y(v) { return T + (hi - v) / (hi - lo) * (H - T - B); }
            s.gaps.forEach(function (g) { node('rect', { 'class': 'gap', x: x(g.from), y: T, width: Math.max(1, x(g.to) - x(g.from)), height: H - T - B }, svg); });
            node('line', { 'class': 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }, svg);
            node('line', { 'class': 'axis', x1: L, y1: T, x2: L, y2: H - B }, svg);
            [hi - pad, (hi + lo) / 2, lo + pad].forEach(function (v) {
              node('text', { 'class': 'tick', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, svg).textContent = fmt(v);
            });
            node('text', { 'class': 'tick', x: L, y: H - 10 }, svg).textContent = day(t0);
            node('text', { 'class': 'tick', x: W - R, y: H - 10, 'text-anchor': 'end' }, svg).textContent = day(t1);
            var bounds = [0].concat(s.changes.map(function (c) { return c.i; }), [pts.length]);
            for (var b = 0; b + 1 < bounds.length; b++) {
              var seg = pts.slice(bounds[b], bounds[b + 1]);
              var mean = seg.reduce(function (a, p) { return a + p.v; }, 0) / seg.length;
              node('line', { 'class': 'level', x1: x(seg[0].t), y1: y(mean), x2: x(seg[seg.length - 1].t), y2: y(mean) }, svg);
            }
            node('polyline', { 'class': 'line', points: pts.map(function (p) { return x(p.t).toFixed(1) + ',' + y(p.v).toFixed(1); }).join(' ') }, svg);
            s.changes.forEach(function (c) {
              var cx = (x(pts[c.i - 1].t) + x(pts[c.i].t)) / 2;
              var m = node('line', { 'class': 'change-marker ' + c.direction + (c.state === 'recovered' ? ' recovered' : ''), x1: cx, y1: T, x2: cx, y2: H - B, 'data-state': c.state }, svg);
              var text = c.direction + ' (' + c.state + '): ' + fmt(c.before) + ' -> ' + fmt(c.after) + ' ' + s.unit + ', ' + c.effect + ', commits ' + c.commits;
              node('title', {}, m).textContent = text;
              m.addEventListener('mousemove', function (e) { show(e, text); });
              m.addEventListener('mouseleave', function () { tip.hidden = true; });
            });
            pts.forEach(function (p, i) {
              var dot = node('circle', { 'class': 'point', cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: pts.length > 400 ? 1.5 : 3, 'data-index': i }, svg);
              dot.addEventListener('mouseenter', function (e) {
                show(e, day(p.t) + '  ' + fmt(p.v) + ' ' + s.unit + '\ncommit ' + (p.c || '?') + '\nmachine ' + (p.m || '?') + (p.p ? '  peer ' + p.p : '') + (p.r ? '\nrun ' + p.r : ''));
              });
              dot.addEventListener('mouseleave', function () { tip.hidden = true; });
            });
            svg.setAttribute('data-rendered', 'true');
            fig.appendChild(svg);
            return fig;
          }
          var sections = {}, order = [];
          data.series.forEach(function (s) {
            if (!sections[s.section]) { sections[s.section] = []; order.push(s.section); }
            sections[s.section].push(s);
          });
          order.forEach(function (name) {
            var sec = document.createElement('section');
            sec.className = 'group';
            var h = document.createElement('h2');
            h.textContent = name;
            sec.appendChild(h);
            sections[name].forEach(function (s) { sec.appendChild(chart(s)); });
            main.appendChild(sec);
          });
          document.body.setAttribute('data-rendered', 'true');
        })();
        """;
}
