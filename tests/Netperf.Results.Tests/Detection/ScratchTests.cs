using System.Diagnostics;
using Netperf.Results.Detection;
using Xunit.Abstractions;

namespace Netperf.Results.Tests.Detection;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var random = new Random(1005);
        var detector = new ChangePointDetector();
        for (var s = 0; s < 200; s++)
        {
            var points = GeneratedSeries.Points("series" + s, GeneratedSeries.Stationary(random, 60, 0.05));
            var a = detector.Analyze(points[0].Series, "ops/s", points);
            foreach (var c in a.Changes) output.WriteLine($"FA {s}: {c.Method} idx {c.Index} p {c.PValue:F4} eff {c.Effect:P1}");
        }

        random = new Random(4000);
        for (var s = 0; s < 200; s++)
        {
            var v = GeneratedSeries.Step(random, 20, 0.20, 18, 0.1);
            var points = GeneratedSeries.Points("drop" + s, v);
            var a = detector.Analyze(points[0].Series, "ops/s", points);
            if (!(a.Verdict is RegressionVerdict.Suspected or RegressionVerdict.Confirmed))
                output.WriteLine($"MISS {s}: " + string.Join(" ", v.Select(x => x.ToString("F0"))) + " changes " + string.Join(";", a.Changes.Select(c => $"{c.Method}@{c.Index} {c.Effect:P0}")));
        }

        random = new Random(3000);
        var sw = Stopwatch.StartNew();
        for (var s = 0; s < 200; s++)
        {
            var at = random.Next(10, 50);
            var points = GeneratedSeries.Points("step" + s, GeneratedSeries.Step(random, 60, 0.03, at, 0.9));
            detector.Analyze(points[0].Series, "ops/s", points);
        }
        output.WriteLine($"step: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        for (var s = 0; s < 100; s++)
        {
            var points = GeneratedSeries.Points("st" + s, GeneratedSeries.Stationary(random, 200, 0.05));
            detector.Analyze(points[0].Series, "ops/s", points);
        }
        output.WriteLine($"100 stationary x200: {sw.ElapsedMilliseconds} ms");
        for (var rep = 0; rep < 3; rep++) {
        sw.Restart();
        for (var s = 0; s < 100; s++)
        {
            var points = GeneratedSeries.Points("st" + s, GeneratedSeries.Stationary(random, 200, 0.05));
            detector.Analyze(points[0].Series, "ops/s", points);
        }
        output.WriteLine($"100 stationary x200: {sw.ElapsedMilliseconds} ms");
        }
        var many = new Random(77); var fa = 0; var fa2 = 0;
        for (var s = 0; s < 2000; s++)
        {
            var points = GeneratedSeries.Points("z" + s, GeneratedSeries.Stationary(many, 60, 0.05));
            var a = detector.Analyze(points[0].Series, "ops/s", points);
            fa += a.Changes.Count > 0 ? 1 : 0;
            var ed = new Netperf.Results.Detection.Internal.EDivisive(new ChangePointOptions(), s).Find(points.Select(p => p.Value).ToArray());
            fa2 += ed.Count > 0 ? 1 : 0;
        }
        output.WriteLine($"FAR over 2000: {fa} (raw edivisive {fa2})");
        sw.Restart();
        for (var s = 0; s < 100; s++)
        {
            var points = GeneratedSeries.Points("st" + s, GeneratedSeries.Step(random, 200, 0.05, 100, 0.9));
            detector.Analyze(points[0].Series, "ops/s", points);
        }
        output.WriteLine($"100 step x200: {sw.ElapsedMilliseconds} ms");
    }
}
