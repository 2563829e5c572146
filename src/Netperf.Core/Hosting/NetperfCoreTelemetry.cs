namespace Netperf.Core.Hosting;

/// <summary>
/// The names under which Netperf.Core publishes metrics and traces, for example
/// <c>AddMeter(NetperfCoreTelemetry.MeterName)</c> and <c>AddSource(NetperfCoreTelemetry.ActivitySourceName)</c> in OpenTelemetry.
/// </summary>
public static class NetperfCoreTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>Netperf.Core</c>.</summary>
    public const string MeterName = "Netperf.Core";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>Netperf.Core</c>.</summary>
    public const string ActivitySourceName = "Netperf.Core";
}
