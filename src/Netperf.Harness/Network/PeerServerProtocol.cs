using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Netperf.Harness.Network;

/// <summary>
/// The lines a <c>netperf-server</c> prints on standard output, and the arguments it takes, so a launcher
/// on the client (a local process, an SSH session, any remote shell) can start it and read its answers:
/// <c>netperf-server ready {"mode":..,"port":..,"pid":..}</c> once listening, and
/// <c>netperf-server report {...}</c> (a <see cref="PeerServerReport"/>) when it stops.
/// </summary>
public static class PeerServerProtocol
{
    /// <summary>The command word that selects server mode in a test executable.</summary>
    public const string CommandName = "netperf-server";

    /// <summary>The prefix of the ready line.</summary>
    public const string ReadyPrefix = "netperf-server ready ";

    /// <summary>The prefix of the report line.</summary>
    public const string ReportPrefix = "netperf-server report ";

    /// <summary>The prefix of an error line (printed before a non-zero exit).</summary>
    public const string ErrorPrefix = "netperf-server error ";

    /// <summary>Builds the arguments that follow <see cref="CommandName"/> for the given options.</summary>
    /// <param name="options">The server options the client chose.</param>
    /// <param name="watchStdin">Whether the server should stop when its standard input ends (off for shells that give it no input).</param>
    /// <returns>The arguments, each a single token without spaces.</returns>
    public static IReadOnlyList<string> BuildArguments(PeerServerOptions options, bool watchStdin = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<string>
        {
            "--mode", PeerServerModes.ToName(options.Mode),
            "--port", options.Port.ToString(CultureInfo.InvariantCulture),
            "--bind", options.BindAddress.ToString(),
            "--buffer-size", options.BufferSize.ToString(CultureInfo.InvariantCulture),
            "--request-size", options.RequestSize.ToString(CultureInfo.InvariantCulture),
            "--response-size", options.ResponseSize.ToString(CultureInfo.InvariantCulture),
            "--max-lifetime", ((long)Math.Ceiling(options.MaxLifetime.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        };
        if (!watchStdin)
        {
            args.Add("--no-stdin");
        }

        return args;
    }

    /// <summary>Formats the ready line.</summary>
    /// <param name="ready">What to announce.</param>
    /// <returns>The line.</returns>
    public static string FormatReady(PeerServerReady ready) =>
        ReadyPrefix + JsonSerializer.Serialize(ready, ProtocolJsonContext.Default.PeerServerReady);

    /// <summary>Formats the report line.</summary>
    /// <param name="report">The counts.</param>
    /// <returns>The line.</returns>
    public static string FormatReport(PeerServerReport report) =>
        ReportPrefix + JsonSerializer.Serialize(report, ProtocolJsonContext.Default.PeerServerReport);

    /// <summary>Reads a ready line; other lines return <see langword="false"/>.</summary>
    /// <param name="line">A line of the server's output.</param>
    /// <param name="ready">The announcement.</param>
    /// <returns>Whether the line was a ready line.</returns>
    public static bool TryParseReady(string? line, out PeerServerReady? ready)
    {
        ready = TryParse(line, ReadyPrefix, ProtocolJsonContext.Default.PeerServerReady);
        return ready is not null;
    }

    /// <summary>Reads a report line; other lines return <see langword="false"/>.</summary>
    /// <param name="line">A line of the server's output.</param>
    /// <param name="report">The counts.</param>
    /// <returns>Whether the line was a report line.</returns>
    public static bool TryParseReport(string? line, out PeerServerReport? report)
    {
        report = TryParse(line, ReportPrefix, ProtocolJsonContext.Default.PeerServerReport);
        return report is not null;
    }

    private static T? TryParse<T>(string? line, string prefix, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        var trimmed = line?.Trim();
        if (trimmed is null || !trimmed.StartsWith(prefix.TrimEnd(), StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(trimmed[prefix.TrimEnd().Length..].Trim(), info);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON for the server's lines.</summary>
[JsonSerializable(typeof(PeerServerReady))]
[JsonSerializable(typeof(PeerServerReport))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
