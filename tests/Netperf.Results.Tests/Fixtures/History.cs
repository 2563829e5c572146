using System.Globalization;
using System.Text;

namespace Netperf.Results.Tests.Fixtures;

/// <summary>Histories in the CSV import format for the CLI and dashboard tests.</summary>
internal static class History
{
    /// <summary>
    /// Two series in the same bucket labels but different images: throughput on ubuntu steps down 20% at day 20 of 30
    /// (a confirmed regression), latency on windows stays flat; both 2% noise, one point a day on two machines.
    /// </summary>
    public static string RegressionCsv()
    {
        var random = new Random(11);
        var text = new StringBuilder("series,timestamp,value,unit,commit,label:environment,label:image,label:machine,label:run\n");
        var start = new DateTimeOffset(2026, 2, 1, 6, 0, 0, TimeSpan.Zero);
        for (var day = 0; day < 30; day++)
        {
            var time = start.AddDays(day).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var ops = 50000 * (day >= 20 ? 0.8 : 1) * (1 + (0.02 * Gaussian(random)));
            var latency = 2.5 * (1 + (0.02 * Gaussian(random)));
            var machine = day % 2 == 0 ? "vm-a" : "vm-b";
            text.Append(CultureInfo.InvariantCulture, $"TcpThroughputTest/ops-per-second,{time},{ops:0.###},ops/s,commit{day:00},azure,ubuntu-24.04,{machine},run{day:00}\n");
            text.Append(CultureInfo.InvariantCulture, $"TcpRequestResponseTest/latency-p99,{time},{latency:0.####},ms,commit{day:00},azure,windows-2022,{machine},run{day:00}\n");
        }

        return text.ToString();
    }

    /// <summary>A flat series only.</summary>
    public static string FlatCsv()
    {
        var random = new Random(12);
        var text = new StringBuilder("series,timestamp,value,unit,commit,label:environment\n");
        var start = new DateTimeOffset(2026, 2, 1, 6, 0, 0, TimeSpan.Zero);
        for (var day = 0; day < 30; day++)
        {
            text.Append(CultureInfo.InvariantCulture, $"NoOpTest/ops-per-second,{start.AddDays(day):yyyy-MM-dd'T'HH:mm:ss'Z'},{1e6 * (1 + (0.02 * Gaussian(random))):0.#},ops/s,c{day},local\n");
        }

        return text.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
