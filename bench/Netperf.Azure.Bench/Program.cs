// Azure benchmarks against the local ARM fake (loopback only). Prints one line per measurement and a JSON block.
//   --mode ready     (default) time to a ready pair with realistic latencies on a fake clock: a Windows and a Linux
//                    pair are created and bootstrapped; the figures are fake (modelled) time, and the bootstrap's share.
//   --mode parallel  N pairs in parallel vs one, with a fixed VM creation latency on the real clock; exit code 1 when
//                    the ratio exceeds the goal.
// Usage: dotnet run -c Release --project bench/Netperf.Azure.Bench -- [--mode ready] [--rounds 3] [--vm-linux-s 90] [--vm-windows-s 180] [--network-s 10]
//        dotnet run -c Release --project bench/Netperf.Azure.Bench -- --mode parallel [--pairs 8] [--delay-ms 2000] [--goal 1.5] [--rounds 3]
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Azure.Bootstrapping;
using Netperf.Azure.Hosting;
using Netperf.Azure.Pairs;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Testing.Arm;
using Netperf.Testing.Time;

var mode = ArgText("--mode", "ready");
return mode switch
{
    "ready" => await ReadyAsync(),
    "parallel" => await ParallelAsync(),
    _ => Usage(),
};

async Task<int> ReadyAsync()
{
    var rounds = Arg("--rounds", 3);
    var vmLinux = TimeSpan.FromSeconds(Arg("--vm-linux-s", 90));
    var vmWindows = TimeSpan.FromSeconds(Arg("--vm-windows-s", 180));
    var network = TimeSpan.FromSeconds(Arg("--network-s", 10));
    var results = new List<string>();
    var leftover = 0;
    foreach (var (image, vmLatency) in new[] { ("windows-2022", vmWindows), ("ubuntu-24.04", vmLinux) })
    {
        var create = new List<double>();
        var bootstrap = new List<double>();
        var commands = 0;
        for (var round = 0; round < rounds; round++)
        {
            var clock = new FakeClock();
            await using var pump = clock.AutoAdvance();
            await using var fake = await FakeArmServer.StartAsync(new FakeArmServerOptions { TimeProvider = clock });
            fake.Faults.SetLatency(ArmOperationKind.CreateVirtualMachine, vmLatency);
            fake.Faults.SetLatency(ArmOperationKind.CreateNetworkResource, network);
            var guests = new BootstrapGuestSimulator();
            fake.GuestHandler = guests.HandleAsync;
            await using var services = Services(fake, clock, pump);
            var azure = services.GetRequiredService<AzureVmPairProvider>();
            var bootstrapper = services.GetRequiredService<AzureRunCommandBootstrapper>();

            var started = clock.GetTimestamp();
            var pair = await azure.CreatePairAsync(Request(image, $"r{round}"));
            var created = clock.GetElapsedTime(started);
            var report = await bootstrapper.BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3"] });
            var ready = clock.GetElapsedTime(started);
            if (!report.IsReady)
            {
                Console.Error.WriteLine($"{image}: not ready: {report.FirstFailure?.Name} {report.FirstFailure?.Detail}");
                return 1;
            }

            commands = fake.Requests.Count(r => r.Kind == ArmOperationKind.RunCommand && r.Status < 300);
            await azure.DeletePairAsync(pair.Id);
            leftover += fake.State.Snapshot().Count;
            create.Add(created.TotalSeconds);
            bootstrap.Add((ready - created).TotalSeconds);
            Console.WriteLine(FormattableString.Invariant($"{image} round {round}: created in {created.TotalSeconds:F0} s, bootstrapped in {(ready - created).TotalSeconds:F0} s, ready after {ready.TotalSeconds:F0} s (fake time); {commands} Run Commands"));
        }

        var total = Median(create) + Median(bootstrap);
        Console.WriteLine(FormattableString.Invariant(
            $"{image}: ready after {total / 60:F1} min (create {Median(create):F0} s + bootstrap {Median(bootstrap):F0} s; bootstrap share {Median(bootstrap) / total:P0})"));
        results.Add(FormattableString.Invariant(
            $$"""{"image":"{{image}}","vmCreationS":{{vmLatency.TotalSeconds:F0}},"createMedianS":{{Median(create):F0}},"bootstrapMedianS":{{Median(bootstrap):F0}},"readyMedianS":{{total:F0}},"bootstrapShare":{{Median(bootstrap) / total:F3}},"runCommands":{{commands}}}"""));
    }

    var behaviours = new ArmBehaviours();
    Console.WriteLine(FormattableString.Invariant(
        $$"""{"benchmark":"azure-ready-pair","clock":"fake","rounds":{{rounds}},"firstRunCommandS":{{behaviours.FirstRunCommandLatency.TotalSeconds:F0}},"runCommandS":{{behaviours.RunCommandLatency.TotalSeconds:F0}},"networkResourceS":{{network.TotalSeconds:F0}},"pairs":[{{string.Join(',', results)}}],"leftover":{{leftover}}}"""));
    return leftover == 0 ? 0 : 1;
}

async Task<int> ParallelAsync()
{
    var pairs = Arg("--pairs", 8);
    var delayMs = Arg("--delay-ms", 2000);
    var rounds = Arg("--rounds", 3);
    var goal = double.Parse(ArgText("--goal", "1.5"), CultureInfo.InvariantCulture);

    // The real clock here: the fake models no waits other than the VM creation latency.
    await using var fake = await FakeArmServer.StartAsync();
    fake.Behaviours.UseInstantTiming();
    fake.Faults.SetLatency(ArmOperationKind.CreateVirtualMachine, TimeSpan.FromMilliseconds(delayMs));
    await using var services = Services(fake, TimeProvider.System, pump: null, pollDelay: TimeSpan.FromMilliseconds(50));
    var azure = services.GetRequiredService<AzureVmPairProvider>();

    await CreateAsync(1, "warm"); // JIT and connection warm-up, not measured
    var single = new List<double>();
    var parallel = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        single.Add(await CreateAsync(1, $"s{round}"));
        parallel.Add(await CreateAsync(pairs, $"p{round}"));
    }

    var ratio = Median(parallel) / Median(single);
    Console.WriteLine(FormattableString.Invariant($"one pair: median {Median(single):F0} ms; {pairs} pairs in parallel: median {Median(parallel):F0} ms; ratio {ratio:F2} (goal <= {goal:F2})"));
    Console.WriteLine(FormattableString.Invariant(
        $$"""{"benchmark":"azure-parallel-pairs","pairs":{{pairs}},"vmCreationDelayMs":{{delayMs}},"rounds":{{rounds}},"singleMedianMs":{{Median(single):F0}},"parallelMedianMs":{{Median(parallel):F0}},"ratio":{{ratio:F3}},"goal":{{goal}},"leftover":{{fake.State.Snapshot().Count}}}"""));
    return ratio <= goal && fake.IsEmpty ? 0 : 1;

    async Task<double> CreateAsync(int count, string prefix)
    {
        var started = TimeProvider.System.GetTimestamp();
        var made = await Task.WhenAll(Enumerable.Range(0, count).Select(i => azure.CreatePairAsync(Request("ubuntu-24.04", $"{prefix}x{i}"))));
        var elapsed = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        await Task.WhenAll(made.Select(p => azure.DeletePairAsync(p.Id)));
        Console.WriteLine(FormattableString.Invariant($"{prefix}: {count} pair(s) created in {elapsed:F0} ms"));
        return elapsed;
    }
}

static ServiceProvider Services(FakeArmServer fake, TimeProvider clock, ClockPump? pump, TimeSpan? pollDelay = null)
{
    HttpMessageHandler handler = fake.CreateTrustingHandler();
    var options = new ArmClientOptions
    {
        Environment = new ArmEnvironment(fake.BaseUri, fake.Audience),
        Transport = new HttpClientTransport(pump is null ? handler : pump.CreateHandler(handler)),
    };
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton(options);
    services.AddSingleton(clock);
    services.AddSingleton<TokenCredential>(new StaticCredential());
    services.AddNetperf().AddAzureVmPairs(o =>
    {
        o.SubscriptionId = fake.SubscriptionId;
        o.Location = "eastus";
        if (pollDelay is { } delay)
        {
            o.PollDelay = delay;
        }
    });
    return services.BuildServiceProvider();
}

static PairRequest Request(string image, string pairId) => new()
{
    Spec = new MachineSpec { Image = image, Environment = "azure" },
    Owner = "bench",
    RunId = "bench/azure/1-1",
    PairId = pairId,
};

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static int Usage()
{
    Console.Error.WriteLine("usage: --mode ready|parallel (see the comment at the top of Program.cs)");
    return 2;
}

int Arg(string name, int fallback) => int.Parse(ArgText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string ArgText(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

internal sealed class StaticCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("bench-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
