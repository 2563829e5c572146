using System.Globalization;
using Azure;
using Azure.Core;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>Reads the delay a server asks for: <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>, or <c>Retry-After</c> (seconds or an HTTP date).</summary>
internal static class ArmRetryAfter
{
    public static TimeSpan? Read(Response? response, TimeProvider timeProvider)
    {
        if (response is null)
        {
            return null;
        }

        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Max0(at - timeProvider.GetUtcNow())
            : null;
    }

    /// <summary>True for a throttled answer: 429, whatever its code (<c>TooManyRequests</c>, <c>SubscriptionRequestsThrottled</c>, Compute's <c>OperationNotAllowed</c> + <c>TooManyRequests</c>).</summary>
    public static bool IsThrottled(RequestFailedException e) => e.Status == 429;

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}
