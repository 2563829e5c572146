using System.Globalization;
using System.Text.Json;

namespace Netperf.Samples.Tests.Quickstart;

/// <summary>
/// The client-versus-server check of a Quickstart result, with a message that names the figure and the limit. UDP is
/// judged on the loss the kernel's drops do not explain (<c>unaccountedDifference</c>): on a loaded machine the kernel
/// drops datagrams a socket cannot take in time, which is the machine's load, not a fault of the test.
/// </summary>
internal static class ServerAgreement
{
    public static void AssertWithin(JsonElement result, double limit)
    {
        var key = result.GetProperty("key").GetString();
        var unit = result.GetProperty("countUnit").GetString();
        var client = result.GetProperty("clientCount").GetInt64();
        var server = result.GetProperty("serverCount").GetInt64();
        var raw = result.GetProperty("relativeDifference").GetDouble();
        var unaccounted = result.GetProperty("unaccountedDifference").GetDouble();
        var drops = result.TryGetProperty("kernelDrops", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt64().ToString(CultureInfo.InvariantCulture) : "unknown";
        Assert.True(
            unaccounted <= limit,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{key}: client {client} vs server {server} {unit}: difference {raw:P2}, kernel drops {drops}, unexplained {unaccounted:P2} exceeds the limit of {limit:P2}"));
    }
}
