// Results benchmark (not a test): for each engine, ingest N results files in one go, read the one series they make
// (N points), and check S series of P points (a tenth with a 10% step). Prints each figure with its goal.
// Usage: eng/bench-results.sh [--engine sqlite|postgresql|both] [--files N] [--series S] [--points P]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Results;
using Netperf.Results.Detection;
using Netperf.Results.Series;
using Netperf.Results.Storage;
using Netperf.Testing.Databases;
using Npgsql;

var engine = "both";
int files = 10_000, seriesCount = 1_000, points = 200;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--engine": engine = args[++i]; break;
        case "--files": files = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--series": seriesCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--points": points = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--engine sqlite|postgresql|both] [--files N] [--series S] [--points P]");
            return 2;
    }
}

var work = Directory.CreateTempSubdirectory("netperf-results-bench-").FullName;
PostgresServer? server = null;
try
{
    var folder = Path.Combine(work, "results");
    WriteResultFiles(folder, files);
    Console.WriteLine($"{Environment.ProcessorCount} cores, {files} results files in {folder}");
    if (engine is "sqlite" or "both")
    {
        await BenchAsync("sqlite", Path.Combine(work, "history.db"), folder, files, seriesCount, points);
    }

    if (engine is "postgresql" or "both")
    {
        if (!PostgresServer.IsInstalled)
        {
            Console.Error.WriteLine("PostgreSQL 15 is not installed (apt-get install postgresql); skipping that engine.");
            return 1;
        }

        server = await PostgresServer.StartAsync();
        await using (var connection = new NpgsqlConnection(server.ConnectionString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE bench", connection);
            await create.ExecuteNonQueryAsync();
        }

        await BenchAsync("postgresql", server.ConnectionString("bench"), folder, files, seriesCount, points);
    }

    return 0;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }

    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}

static async Task BenchAsync(string name, string store, string folder, int files, int seriesCount, int points)
{
    var history = new ResultHistory(Options.Create(new ResultsOptions { Store = store }));

    var watch = Stopwatch.StartNew();
    var summary = await history.IngestAsync([folder]);
    var ingest = watch.Elapsed;
    Console.WriteLine($"{name}: ingest {summary.RunsAdded} files in one transaction: {ingest.TotalSeconds:0.00} s ({summary.RunsAdded / ingest.TotalSeconds:0} files/s)");

    var key = (await history.ListSeriesAsync()).Single().Key;
    var reads = new List<double>();
    var opened = new List<double>();
    await using (var open = await history.OpenStoreAsync(create: false))
    {
        for (var i = 0; i < 6; i++)
        {
            watch.Restart();
            var read = await open.ReadSeriesAsync(key);
            reads.Add(watch.Elapsed.TotalMilliseconds);
            if (read.Count != files)
            {
                throw new InvalidOperationException($"read {read.Count} points, expected {files}");
            }
        }
    }

    for (var i = 0; i < 5; i++)
    {
        watch.Restart();
        await history.ReadSeriesAsync(key);
        opened.Add(watch.Elapsed.TotalMilliseconds);
    }

    static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
    Console.WriteLine($"{name}: read one series of {files} points: median {Median(reads.Skip(1)):0.0} ms on an open store (first {reads[0]:0.0} ms), " +
        $"median {Median(opened):0.0} ms with opening the store (goal < 100 ms)");

    var generated = Generate(seriesCount, points);
    await using (var target = await history.OpenStoreAsync(create: true))
    {
        watch.Restart();
        await target.WriteAsync(new ResultBatch { Points = generated.Points });
        Console.WriteLine($"{name}: write {seriesCount} series x {points} points: {watch.Elapsed.TotalSeconds:0.00} s");
    }

    watch.Restart();
    var report = await history.CheckAsync(new CheckRequest { SeriesFilter = "bench/" });
    var check = watch.Elapsed;
    var found = report.Series.Count(s => generated.Stepped.Contains(s.Key.Name) && s.Changes.Any(c => c.Direction == ChangeDirection.Regression));
    var falseAlarms = report.Series.Count(s => !generated.Stepped.Contains(s.Key.Name) && s.Changes.Count > 0);
    Console.WriteLine($"{name}: check {report.Series.Count} series x {points} points (read and detect): {check.TotalSeconds:0.00} s (goal < 5 s); " +
        $"steps found {found}/{generated.Stepped.Count}, series with a false change {falseAlarms}/{report.Series.Count - generated.Stepped.Count}");
}

static void WriteResultFiles(string folder, int count)
{
    Directory.CreateDirectory(folder);
    var random = new Random(1);
    var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var environment = PerfEnvironmentInfo.Current();
    for (var i = 0; i < count; i++)
    {
        var ops = 1_000_000 * (1 + (0.03 * ((random.NextDouble() * 2) - 1)));
        var result = new PerfRunResult
        {
            Test = "TcpThroughputTest",
            Status = PerfRunStatus.Succeeded,
            Options = new Dictionary<string, object?> { ["duration"] = 10, ["parallel"] = 4, ["buffer-size"] = 65536, ["results-file"] = $"r{i}.json" },
            StartedAt = start.AddHours(i),
            CompletedAt = start.AddHours(i).AddSeconds(15),
            Iterations =
            [
                new PerfMeasurement
                {
                    Stage = RunStage.ForIteration(1),
                    DurationSeconds = 10,
                    Instances = [new PerfInstanceResult { ParallelIndex = 0, CompletedOperations = (long)(ops * 10), LastCompletionSeconds = 10 }],
                },
            ],
            Environment = environment,
            Provenance = new PerfProvenance
            {
                RunId = "bench-" + i.ToString(CultureInfo.InvariantCulture),
                Commit = "commit" + (i / 10).ToString(CultureInfo.InvariantCulture),
                Environment = "lab",
                Image = "ubuntu-24.04",
                Size = "host-16c",
                PairId = "pair-" + (i % 7).ToString(CultureInfo.InvariantCulture),
                Client = new PerfMachineIdentity { HostName = "client-" + (i % 7).ToString(CultureInfo.InvariantCulture), Kernel = "6.8.0", CpuModel = "EPYC", NicDriver = "mlx5_core" },
                Peer = new PerfMachineIdentity { HostName = "peer-" + (i % 7).ToString(CultureInfo.InvariantCulture) },
            },
        };
        File.WriteAllText(Path.Combine(folder, $"r{i:00000}.json"), PerfResultsFile.Serialize(result));
    }
}

static (List<ResultPoint> Points, HashSet<string> Stepped) Generate(int seriesCount, int points)
{
    var random = new Random(2);
    var list = new List<ResultPoint>(seriesCount * points);
    var stepped = new HashSet<string>(StringComparer.Ordinal);
    var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    for (var s = 0; s < seriesCount; s++)
    {
        var name = "bench/series-" + s.ToString("0000", CultureInfo.InvariantCulture);
        var at = s % 10 == 0 ? random.Next(points / 4, points * 3 / 4) : int.MaxValue;
        if (at != int.MaxValue)
        {
            stepped.Add(name);
        }

        var key = new SeriesKey(name, [new("environment", "lab")]);
        for (var p = 0; p < points; p++)
        {
            var noise = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            list.Add(new ResultPoint
            {
                Series = key,
                Unit = "ops/s",
                Timestamp = start.AddDays(p),
                Value = 1000 * (p >= at ? 0.9 : 1) * (1 + (0.03 * noise)),
                Commit = "c" + p.ToString(CultureInfo.InvariantCulture),
                Run = "r" + p.ToString(CultureInfo.InvariantCulture),
                Machine = "m" + (p % 3).ToString(CultureInfo.InvariantCulture),
            });
        }
    }

    return (list, stepped);
}
