using Azure;
using Microsoft.Extensions.Logging;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>
/// Drives a long-running operation started with <c>WaitUntil.Started</c>: waits between polls on the injected
/// clock (the configured poll delay, or longer when ARM's answer carries <c>Retry-After</c>), calls
/// <c>UpdateStatusAsync</c>, logs progress, and gives up after the timeout. Every call it makes runs in an
/// <see cref="ArmCallScope"/>, so throttling met on the way is waited out only within the step's time.
/// (The SDK's own waiting polls at 1 s, 1 s, 1 s, 2 s, 4 s... whatever interval is passed.)
/// </summary>
internal sealed class LroDriver(TimeProvider timeProvider, TimeSpan pollDelay, TimeSpan timeout, ILogger logger)
{
    public TimeProvider Time => timeProvider;

    public TimeSpan Timeout => timeout;

    /// <summary>Runs one ARM call (or several) as <paramref name="step"/>, so throttling is bounded by the step's time.</summary>
    public async Task<T> CallAsync<T>(string step, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var scope = ArmCallScope.Enter(step, timeProvider, timeout);
        return await call(cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> WaitAsync<T>(Operation<T> operation, string step, CancellationToken cancellationToken, TimeSpan? timeoutOverride = null)
        where T : notnull
    {
        await PollAsync(operation, step, timeoutOverride ?? timeout, cancellationToken).ConfigureAwait(false);
        return operation.Value;
    }

    public Task WaitAsync(Operation operation, string step, CancellationToken cancellationToken, TimeSpan? timeoutOverride = null) =>
        PollAsync(operation, step, timeoutOverride ?? timeout, cancellationToken);

    private async Task PollAsync(Operation operation, string step, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var scope = ArmCallScope.Enter(step, timeProvider, timeout);
        var started = timeProvider.GetTimestamp();
        var polls = 0;
        var delay = NextDelay(operation, started, timeout);
        while (!operation.HasCompleted)
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            if (elapsed > timeout)
            {
                throw new TimeoutException($"The operation of step '{step}' did not complete within {timeout} (OperationTimeout).");
            }

            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            await operation.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
            polls++;
            AzureLog.OperationProgress(logger, step, polls, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
            delay = NextDelay(operation, started, timeout);
        }
    }

    /// <summary>The poll delay, or the longer one ARM asked for (never past the timeout, so the timeout is still noticed).</summary>
    private TimeSpan NextDelay(Operation operation, long started, TimeSpan timeout)
    {
        var asked = ArmRetryAfter.Read(operation.GetRawResponse(), timeProvider) ?? TimeSpan.Zero;
        var delay = asked > pollDelay ? asked : pollDelay;
        var left = timeout - timeProvider.GetElapsedTime(started);
        return delay > left && left > TimeSpan.Zero ? left + TimeSpan.FromMilliseconds(1) : delay;
    }
}
