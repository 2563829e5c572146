using System.ComponentModel;
using System.Threading.Channels;
using Netperf.Perf;
using Netperf.Perf.Streams;

namespace Netperf.Samples.PerfTests.Events;

/// <summary>
/// An <see cref="EventPerfTest{TOptions}"/>: a producer writes messages into a bounded channel and
/// a processor callback receives them, like an event-processor client. Each received message calls
/// <see cref="EventPerfTest{TOptions}.EventRaised"/>; a failure calls ErrorRaised, which stops the run.
/// </summary>
[Description("Receives messages from a producer through a channel (EventPerfTest sample).")]
public sealed class ChannelEventTest(ChannelOptions options) : EventPerfTest<ChannelOptions>(options)
{
    private readonly CancellationTokenSource _stop = new();
    private Task _producer = Task.CompletedTask;
    private Task _processor = Task.CompletedTask;

    public override Task SetupAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Options.Capacity) { SingleReader = true, SingleWriter = true });
        var payload = RandomBytes.Get(Options.MessageSize);
        _producer = Task.Run(() => ProduceAsync(channel.Writer, payload, _stop.Token), CancellationToken.None);
        _processor = Task.Run(() => ProcessAsync(channel.Reader, _stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task CleanupAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_producer, _processor).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        _stop.Dispose();
        await base.DisposeAsyncCore();
    }

    private static async Task ProduceAsync(ChannelWriter<byte[]> writer, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            while (await writer.WaitToWriteAsync(cancellationToken))
            {
                while (writer.TryWrite(payload))
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
    }

    private async Task ProcessAsync(ChannelReader<byte[]> reader, CancellationToken cancellationToken)
    {
        long received = 0;
        try
        {
            await foreach (var message in reader.ReadAllAsync(cancellationToken))
            {
                received++;
                if (Options.FailAfter > 0 && received >= Options.FailAfter)
                {
                    ErrorRaised(new InvalidOperationException($"The processor failed on purpose after {received} messages (--fail-after)."));
                    return;
                }

                EventRaised();
            }
        }
        catch (OperationCanceledException)
        {
            // Cleanup stopped the processor.
        }
    }
}
