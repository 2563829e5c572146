// Azure pair creation: N pairs in parallel vs one, against the local ARM fake with a fixed VM creation
// latency. Prints one line per measurement and a JSON block; exit code 1 when the ratio exceeds the goal.
// Usage: dotnet run -c Release --project bench/Netperf.Azure.Bench -- [--pairs 8] [--delay-ms 2000] [--goal 1.5] [--rounds 3]
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Azure;
using Netperf.Azure.Hosting;
using Netperf.Azure.Pairs;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Testing.Arm;

var pairs = Arg("--pairs", 8);
var delayMs = Arg("--delay-ms", 2000);
var rounds = Arg("--rounds", 3);
var goal = double.Parse(ArgText("--goal", "1.5"), CultureInfo.InvariantCulture);

await using var fake = await FakeArmServer.StartAsync();
fake.Faults.SetLatency(ArmOperationKind.CreateVirtualMachine, TimeSpan.FromMilliseconds(delayMs));
var options = new ArmClientOptions
{
    Environment = new ArmEnvironment(fake.BaseUri, fake.Audience),
    Transport = new HttpClientTransport(fake.CreateTrustingHandler()),
};
var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton(options);
services.AddSingleton<TokenCredential>(new StaticCredential());
services.AddNetperf().AddAzureVmPairs(o =>
{
    o.SubscriptionId = fake.SubscriptionId;
    o.Location = "eastus";
    o.PollDelay = TimeSpan.FromMilliseconds(50);
});
await using var provider = services.BuildServiceProvider();
var azure = provider.GetRequiredService<AzureVmPairProvider>();

await CreateAsync(1, "warm"); // JIT and connection warm-up, not measured
var single = new List<double>();
var parallel = new List<double>();
for (var round = 0; round < rounds; round++)
{
    single.Add(await CreateAsync(1, $"s{round}"));
    parallel.Add(await CreateAsync(pairs, $"p{round}"));
}

var ratio = parallel.Order().ElementAt(parallel.Count / 2) / single.Order().ElementAt(single.Count / 2);
Console.WriteLine(FormattableString.Invariant($"one pair: median {Median(single):F0} ms; {pairs} pairs in parallel: median {Median(parallel):F0} ms; ratio {ratio:F2} (goal <= {goal:F2})"));
Console.WriteLine(FormattableString.Invariant(
    $$"""{"benchmark":"azure-parallel-pairs","pairs":{{pairs}},"vmCreationDelayMs":{{delayMs}},"rounds":{{rounds}},"singleMedianMs":{{Median(single):F0}},"parallelMedianMs":{{Median(parallel):F0}},"ratio":{{ratio:F3}},"goal":{{goal}},"leftover":{{fake.State.Snapshot().Count}}}"""));
return ratio <= goal && fake.IsEmpty ? 0 : 1;

async Task<double> CreateAsync(int count, string prefix)
{
    var started = TimeProvider.System.GetTimestamp();
    var made = await Task.WhenAll(Enumerable.Range(0, count).Select(i => azure.CreatePairAsync(new PairRequest
    {
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "azure" },
        Owner = "bench",
        RunId = "bench-1",
        PairId = $"{prefix}x{i}",
    })));
    var elapsed = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
    await Task.WhenAll(made.Select(p => azure.DeletePairAsync(p.Id)));
    Console.WriteLine(FormattableString.Invariant($"{prefix}: {count} pair(s) created in {elapsed:F0} ms"));
    return elapsed;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

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
