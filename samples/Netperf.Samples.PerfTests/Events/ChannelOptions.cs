using System.ComponentModel.DataAnnotations;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Events;

/// <summary>Options of <see cref="ChannelEventTest"/>.</summary>
public sealed class ChannelOptions : PerfOptions
{
    /// <summary>Bytes per message.</summary>
    [PerfOption("--message-size", Description = "Bytes per message.")]
    [Range(0, 1024 * 1024, ErrorMessage = "must be between 0 and 1048576 bytes")]
    public int MessageSize { get; set; } = 256;

    /// <summary>Channel capacity: how far the producer may run ahead.</summary>
    [PerfOption("--capacity", Description = "Messages the channel buffers before the producer waits.")]
    [Range(1, 1_000_000, ErrorMessage = "must be between 1 and 1000000 messages")]
    public int Capacity { get; set; } = 1024;

    /// <summary>Fail after this many messages (0 = never): shows how ErrorRaised stops a run.</summary>
    [PerfOption("--fail-after", Description = "Report an error after this many messages (0 = never).")]
    [Range(0, long.MaxValue, ErrorMessage = "must be 0 or more")]
    public long FailAfter { get; set; }
}
