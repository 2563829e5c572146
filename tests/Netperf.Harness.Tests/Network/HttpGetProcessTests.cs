using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Netperf.Harness.Network;
using Netperf.Harness.Tests.Fakes;
using Netperf.Testing.Processes;

namespace Netperf.Harness.Tests.Network;

/// <summary>
/// <c>HttpGet --client raw</c> as the network benchmark runs it: the test executable in two child processes, each with
/// its own event loop, against one already-running netperf-server (<c>--external-server</c>).
/// </summary>
public sealed class HttpGetProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netperf-httpget-").FullName;

    [Fact]
    public async Task Run_RawClientInTwoProcesses_ServerAnsweredEveryRequestTheClientsCounted()
    {
        await using var server = new PeerServer(new PeerServerOptions { Mode = PeerServerMode.Http, BindAddress = IPAddress.Loopback, ResponseSize = 70_000 });
        var port = await server.StartAsync();
        var results = Path.Combine(_folder, "results.json");
        var info = new ProcessStartInfo("dotnet");
        foreach (var argument in (string[])[TestApp.Path, "HttpGet", "--client", "raw", "--response-size", "70000", "--parallel", "4", "--processes", "2",
            "--peer", $"127.0.0.1:{port}", "--external-server", "-d", "1", "-w", "1", "--results-file", results])
        {
            info.ArgumentList.Add(argument);
        }

        var run = await TestProcess.RunAsync(info, TimeSpan.FromMinutes(2));
        var report = await server.StopAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(results));
        var counted = document.RootElement.GetProperty("completedOperations").GetInt64() + document.RootElement.GetProperty("warmup").GetProperty("completedOperations").GetInt64();
        Assert.True(counted > 0, "the clients completed requests");

        // Every response a client counted was read in full (70,000-byte bodies: past the client's 64 KiB buffer; a misread
        // one fails the next parse and the run), and the server answered at least those (a few more run outside the windows).
        Assert.True(report.Requests >= counted, $"the server answered {report.Requests} requests, the clients counted {counted}");
        Assert.Equal(0, report.Errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
