using System.Text.Json;
using Xunit;

namespace Netperf.Testing.Network;

/// <summary>Checks the result file of samples/github/tcp-test.sh (iperf3 JSON with the server's own report).</summary>
public static class TcpTestResult
{
    /// <summary>
    /// The server's own count (its JSON report, fetched by the client) is the count the client recorded for the server,
    /// and it is what the client sent, less at most what was still in flight when the test stopped.
    /// </summary>
    /// <param name="result">The parsed result file.</param>
    public static void AssertCountsAgree(JsonElement result)
    {
        try
        {
            AssertCounts(result);
        }
        catch (KeyNotFoundException ex)
        {
            var text = result.GetRawText();
            Assert.Fail($"the TCP test's result lacks a count ({ex.Message}): {(text.Length > 3000 ? text[..3000] + "..." : text)}");
        }
    }

    private static void AssertCounts(JsonElement result)
    {
        var end = result.GetProperty("end");
        var sent = end.GetProperty("sum_sent").GetProperty("bytes").GetInt64();
        var reportedByServer = end.GetProperty("sum_received").GetProperty("bytes").GetInt64();
        var serverOwn = result.GetProperty("server_output_json").GetProperty("end").GetProperty("sum_received").GetProperty("bytes").GetInt64();
        Assert.True(sent > 0, "the client sent nothing");
        Assert.Equal(serverOwn, reportedByServer);
        Assert.InRange(sent - serverOwn, 0, 64L << 20);
    }
}
