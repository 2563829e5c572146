using System.Globalization;
using System.Text;

namespace Netperf.Lab.Inventory;

/// <summary>Link shaping with <c>tc netem</c>, applied to each VM's link of a pair (so a round trip sees twice the delay).</summary>
public sealed class LabNetemOptions
{
    /// <summary>Added one-way delay; <see langword="null"/> for none.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>Random packet loss in percent (0-100); <see langword="null"/> for none.</summary>
    public double? LossPercent { get; set; }

    /// <summary>Rate limit in megabits per second; <see langword="null"/> for none.</summary>
    public double? RateMbps { get; set; }

    /// <summary>True when at least one setting is present.</summary>
    public bool IsEmpty => Delay is null && LossPercent is null && RateMbps is null;

    /// <summary>The netem arguments, such as <c>delay 10ms loss 0.1% rate 100mbit</c>.</summary>
    /// <returns>The arguments for <c>tc qdisc add dev X root netem ...</c>.</returns>
    public string ToNetemArguments()
    {
        var text = new StringBuilder();
        if (Delay is { } delay)
        {
            text.Append(CultureInfo.InvariantCulture, $"delay {delay.TotalMilliseconds:0.###}ms ");
        }

        if (LossPercent is { } loss)
        {
            text.Append(CultureInfo.InvariantCulture, $"loss {loss:0.####}% ");
        }

        if (RateMbps is { } rate)
        {
            text.Append(CultureInfo.InvariantCulture, $"rate {rate:0.###}mbit ");
        }

        return text.ToString().TrimEnd();
    }
}
