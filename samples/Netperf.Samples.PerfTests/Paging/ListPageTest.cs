using System.ComponentModel;
using System.Text.Json;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Paging;

/// <summary>
/// A <see cref="BatchPerfTest{TOptions}"/>: each call serializes and parses one page of items, like
/// listing a collection through a paged API, and returns how many items it got.
/// </summary>
[Description("Pages through a collection, --page-size items per call (BatchPerfTest sample).")]
public sealed class ListPageTest(PagingOptions options) : BatchPerfTest<PagingOptions>(options)
{
    private static Item[] s_items = [];
    private int _next;

    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default)
    {
        s_items = [.. Enumerable.Range(0, Options.Count).Select(i => new Item(i, $"item-{i}"))];
        return Task.CompletedTask;
    }

    public override Task SetupAsync(CancellationToken cancellationToken = default)
    {
        // Instances start at different offsets so they do not read the same pages in lockstep.
        _next = ParallelIndex * Options.PageSize % s_items.Length;
        return Task.CompletedTask;
    }

    public override int RunBatch(CancellationToken cancellationToken)
    {
        var count = Math.Min(Options.PageSize, s_items.Length - _next);
        var wire = JsonSerializer.SerializeToUtf8Bytes(new ArraySegment<Item>(s_items, _next, count));
        var page = JsonSerializer.Deserialize<Item[]>(wire)!;
        _next = (_next + count) % s_items.Length;
        return page.Length;
    }

    public override ValueTask<int> RunBatchAsync(CancellationToken cancellationToken) => new(RunBatch(cancellationToken));

    public override Task GlobalCleanupAsync(CancellationToken cancellationToken = default)
    {
        s_items = [];
        return Task.CompletedTask;
    }

    public sealed record Item(int Id, string Name);
}
