using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Netperf.Perf.Diagnostics.Profiling;

/// <summary>
/// A flame graph (icicle, callers on top) of a speedscope JSON as written by <see cref="SpeedscopeConverter"/>:
/// the threads' evented profiles merged into one call tree by frame name, weighted by time on CPU (only the
/// <c>CPU_TIME</c> pseudo frames count, as their caller's own time; time blocked or waiting is left out so idle
/// threads do not drown the test),
/// drawn as an inline SVG for the HTML report. Frames narrower than 0.2% are not drawn.
/// </summary>
public static class FlameGraph
{
    private const double Width = 1200;
    private const double RowHeight = 16;
    private const string CpuTime = "CPU_TIME";
    private const string BlockedTime = "UNMANAGED_CODE_TIME";

    /// <summary>Renders <paramref name="speedscopeJson"/> as an SVG element.</summary>
    /// <param name="speedscopeJson">The JSON text.</param>
    /// <param name="focus">When given, the hottest frame is sought among frames containing this text (the test's class).</param>
    /// <returns>The SVG markup, and the frame with the most time of its own (the hot method).</returns>
    public static (string Svg, string HottestFrame) Render(string speedscopeJson, string? focus = null)
    {
        using var document = JsonDocument.Parse(speedscopeJson);
        var names = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        var root = new Node("all");
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            // Open frames: the node (null for the pseudo frames) and when it opened.
            var stack = new List<Open>();
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                var name = names[e.GetProperty("frame").GetInt32()];
                if (e.GetProperty("type").GetString() == "O")
                {
                    var parent = stack.Count == 0 ? root : stack[^1].Node ?? root;
                    var node = name is CpuTime or BlockedTime ? null : parent.Child(name);
                    stack.Add(new Open(node, name, at));
                    continue;
                }

                if (stack.Count == 0)
                {
                    continue;
                }

                var open = stack[^1];
                stack.RemoveAt(stack.Count - 1);

                // Only CPU_TIME is time on a CPU: it is its caller's own time. A thread's other time (blocked in
                // native code, waiting) is nobody's and is left out.
                if (open.Name == CpuTime && stack.Count > 0 && stack[^1].Node is { } caller)
                {
                    caller.Self += Math.Max(0, at - open.At);
                }
            }
        }

        root.Total();
        var svg = new StringBuilder();
        var depth = root.Depth();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flame\" width=\"{Width}\" height=\"{(depth + 1) * RowHeight}\" font-family=\"monospace\" font-size=\"11\">");
        Draw(svg, root, 0, Width, 0, root.Inclusive);
        svg.Append("</svg>");
        var candidates = root.All().Where(n => n != root).ToList();
        var focused = focus is null ? [] : candidates.Where(n => n.Name.Contains(focus, StringComparison.Ordinal)).ToList();
        var hottest = (focused.Count > 0 ? focused : candidates).OrderByDescending(n => n.Self).FirstOrDefault()?.Name ?? string.Empty;
        return (svg.ToString(), hottest);
    }

    private static void Draw(StringBuilder svg, Node node, double x, double width, int row, double total)
    {
        if (total <= 0 || width < Width * 0.002)
        {
            return;
        }

        var hue = 20 + (Math.Abs(node.Name.GetHashCode(StringComparison.Ordinal)) % 40);
        var label = WebUtility.HtmlEncode(node.Name);
        var share = node.Inclusive / total;
        svg.Append(CultureInfo.InvariantCulture,
            $"<g><title>{label} ({share:P1})</title><rect x=\"{x:F1}\" y=\"{row * RowHeight:F1}\" width=\"{width:F1}\" height=\"{RowHeight - 1}\" fill=\"hsl({hue},90%,60%)\"/>");
        if (width > 40)
        {
            var chars = (int)(width / 7);
            var text = label.Length > chars ? label[..Math.Max(0, chars - 2)] + ".." : label;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 3:F1}\" y=\"{(row * RowHeight) + 12:F1}\">{text}</text>");
        }

        svg.Append("</g>");
        var childX = x;
        foreach (var child in node.Children.Values.OrderByDescending(c => c.Inclusive))
        {
            var childWidth = node.Inclusive <= 0 ? 0 : width * child.Inclusive / node.Inclusive;
            Draw(svg, child, childX, childWidth, row + 1, total);
            childX += childWidth;
        }
    }

    private sealed record Open(Node? Node, string Name, double At);

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public double Self { get; set; }

        public double Inclusive { get; private set; }

        public Node Child(string name)
        {
            if (!Children.TryGetValue(name, out var child))
            {
                child = new Node(name);
                Children[name] = child;
            }

            return child;
        }

        public double Total()
        {
            Inclusive = Math.Max(0, Self) + Children.Values.Sum(c => c.Total());
            return Inclusive;
        }

        public int Depth() => Children.Count == 0 ? 1 : 1 + Children.Values.Max(c => c.Depth());

        public IEnumerable<Node> All() => Children.Values.SelectMany(c => c.All()).Prepend(this);
    }
}
