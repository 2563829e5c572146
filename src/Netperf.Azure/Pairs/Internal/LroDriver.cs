using Azure;
using Microsoft.Extensions.Logging;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>
/// Drives a long-running operation started with <c>WaitUntil.Started</c>: waits the configured poll
/// delay on the injected clock, calls <c>UpdateStatusAsync</c>, logs progress, and gives up after the timeout.
/// (The SDK's own waiting polls at 1 s, 1 s, 1 s, 2 s, 4 s... whatever interval is passed.)
/// </summary>
internal sealed class LroDriver(TimeProvider timeProvider, TimeSpan pollDelay, TimeSpan timeout, ILogger logger)
{
    public async Task<T> WaitAsync<T>(Operation<T> operation, string step, CancellationToken cancellationToken)
        where T : notnull
    {
        await PollAsync(operation, step, cancellationToken).ConfigureAwait(false);
        return operation.Value;
    }

    public Task WaitAsync(Operation operation, string step, CancellationToken cancellationToken) =>
        PollAsync(operation, step, cancellationToken);

    private async Task PollAsync(Operation operation, string step, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var polls = 0;
        while (!operation.HasCompleted)
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            if (elapsed > timeout)
            {
                throw new TimeoutException($"The operation of step '{step}' did not complete within {timeout} (OperationTimeout).");
            }

            await Task.Delay(pollDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            await operation.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
            polls++;
            AzureLog.OperationProgress(logger, step, polls, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
