using System.ComponentModel.DataAnnotations;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Paging;

/// <summary>Options of <see cref="ListPageTest"/>.</summary>
public sealed class PagingOptions : PerfOptions
{
    /// <summary>Items per page: one call returns this many results.</summary>
    [PerfOption("--page-size", Description = "Items returned per call (one call = this many results).")]
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000 items")]
    public int PageSize { get; set; } = 100;

    /// <summary>Items in the listed collection.</summary>
    [PerfOption("--count", "-c", Description = "Items in the collection the test pages through.")]
    [Range(1, 10_000_000, ErrorMessage = "must be between 1 and 10000000 items")]
    public int Count { get; set; } = 10_000;
}
