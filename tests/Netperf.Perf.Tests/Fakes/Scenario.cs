using System.Collections.Concurrent;
using Netperf.Testing.Time;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>
/// Shared state between a test method and the perf-test instances the runner creates: the fake
/// clock, a log of lifecycle calls and the instances. Looked up by the <c>--key</c> option.
/// </summary>
public sealed class Scenario
{
    private static readonly ConcurrentDictionary<string, Scenario> All = new();
    private readonly ConcurrentQueue<string> _log = new();

    private Scenario(string key, FakeClock clock)
    {
        Key = key;
        Clock = clock;
    }

    public string Key { get; }

    public FakeClock Clock { get; }

    public ConcurrentBag<PerfTest> Instances { get; } = [];

    public IReadOnlyList<string> Log => [.. _log];

    public static Scenario Create()
    {
        var scenario = new Scenario(Guid.NewGuid().ToString("N"), new FakeClock());
        All[scenario.Key] = scenario;
        return scenario;
    }

    public static Scenario Get(string key) => All[key];

    public void Record(string entry) => _log.Enqueue(entry);

    public int IndexOf(string entry) => Log.ToList().IndexOf(entry);

    public int LastIndexOfPrefix(string prefix) => Log.Select((e, i) => (e, i)).Where(x => x.e.StartsWith(prefix, StringComparison.Ordinal)).Select(x => x.i).DefaultIfEmpty(-1).Max();

    public int FirstIndexOfPrefix(string prefix) => Log.Select((e, i) => (e, i)).Where(x => x.e.StartsWith(prefix, StringComparison.Ordinal)).Select(x => x.i).DefaultIfEmpty(-1).Min();

    public int Count(string prefix) => Log.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Waits (spinning on a condition, no sleeping) until the runner armed <paramref name="timers"/> fake timers.</summary>
    public void WaitForTimers(int timers)
    {
        if (!SpinWait.SpinUntil(() => Clock.PendingTimers >= timers, TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException($"The runner did not arm {timers} timers; it has {Clock.PendingTimers}.");
        }
    }
}
