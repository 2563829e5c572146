using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Netperf.Azure.Pairs.Internal;

namespace Netperf.Azure.Hosting.Internal;

/// <summary>
/// Azure.Core's retry, with its waits on the injected <see cref="TimeProvider"/> and throttling bounded by the
/// operation timeout. Transient answers (408, 5xx, network errors) are retried <c>MaxRetries</c> times with
/// exponential back-off, or after the delay the server asks for. A throttled answer (429: Resource Manager's
/// <c>SubscriptionRequestsThrottled</c>, or Compute's <c>OperationNotAllowed</c> + <c>TooManyRequests</c> with a
/// <c>Retry-After</c> of up to 20 minutes) is waited out only when the wait fits in what is left of the step's
/// time (<see cref="ArmCallScope"/>, else <c>OperationTimeout</c>); otherwise it is handed back at once, so the
/// caller can report it instead of hanging. Each wait is logged as "throttled, retrying after N s". Cancellation
/// ends every wait. Polls of long-running operations go through here too: a throttled poll must be retried
/// here, because the SDK treats any error answer to a poll as the operation's failure.
/// </summary>
internal sealed class ArmRetryPolicy : RetryPolicy
{
    private readonly int _maxRetries;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _operationTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ArmRetryPolicy(int maxRetries, TimeSpan delay, TimeSpan maxDelay, TimeSpan operationTimeout, TimeProvider timeProvider, ILogger logger)
        : base(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(delay, maxDelay))
    {
        _maxRetries = maxRetries;
        _delay = delay;
        _maxDelay = maxDelay;
        _operationTimeout = operationTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var scope = ArmCallScope.Current;
        var started = _timeProvider.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            Exception? error = null;
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            catch (Exception e) when (!message.CancellationToken.IsCancellationRequested && message.ResponseClassifier.IsRetriable(message, e))
            {
                error = e;
            }

            if (error is null && !message.ResponseClassifier.IsRetriableResponse(message))
            {
                return;
            }

            var response = error is null ? message.Response : null;
            var throttled = response?.Status == 429;
            var asked = ArmRetryAfter.Read(response, _timeProvider);
            var delay = asked ?? Backoff(attempt);
            var step = scope?.Step ?? message.Request.Method + " " + message.Request.Uri.Path;
            if (attempt >= _maxRetries)
            {
                if (throttled)
                {
                    AzureLog.ThrottledGivingUp(_logger, step, attempt, (long)delay.TotalSeconds);
                }

                if (error is not null)
                {
                    throw error;
                }

                return;
            }

            if (throttled)
            {
                var left = scope?.Remaining(_timeProvider) ?? _operationTimeout - _timeProvider.GetElapsedTime(started);
                if (delay > left)
                {
                    // Waiting would outlast the step: hand the 429 back now, with the server's delay in it.
                    AzureLog.ThrottledBeyondTimeout(_logger, step, (long)delay.TotalSeconds, (long)Math.Max(0, left.TotalSeconds));
                    return;
                }

                AzureLog.Throttled(_logger, step, response!.Status, (long)Math.Ceiling(delay.TotalSeconds), attempt + 1);
            }
            else
            {
                AzureLog.TransientRetry(_logger, step, response?.Status ?? 0, error?.GetType().Name ?? "-", (long)delay.TotalMilliseconds, attempt + 1);
            }

            // Free the connection before the next try.
            response?.ContentStream?.Dispose();
            await Task.Delay(delay, _timeProvider, message.CancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _delay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
