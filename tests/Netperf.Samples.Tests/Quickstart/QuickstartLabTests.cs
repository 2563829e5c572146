using System.Diagnostics;
using System.Text.Json;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Samples.Tests.Quickstart;

/// <summary>
/// The README's run command as root: the single-machine namespace lab, started from a folder under <c>/tmp</c>
/// (as a fresh clone there would be), which the namespace VMs cannot see because each has its own <c>/tmp</c>.
/// </summary>
public sealed class QuickstartLabTests : IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("npnq-app-").FullName;
    private readonly string _results = Path.Combine(Path.GetTempPath(), "npnq-lab-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Directory.Delete(_copy, recursive: true);
        if (Directory.Exists(_results))
        {
            Directory.Delete(_results, recursive: true);
        }
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task Run_LabPairFromAFolderTheVmsCannotSee_DeploysTheAppEveryTestAgreesWithItsServerAndNoNamespaceIsLeft()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var built = Path.GetDirectoryName(QuickstartBinary.Path)!;
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var (exit, output) = await RunAsync(
            Path.Combine(_copy, "Netperf.Quickstart.dll"),
            "--env", "lab", "--tests", "tcp-up,tcp-down,tcp-rr,tcp-connect,http-get,udp", "--duration", "1", "--warmup", "0", "--results", _results);

        Assert.True(exit == 0, output);
        Assert.Contains("copied the test app", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(_results, "quickstart-*.json").Single()));
        Assert.Equal("lab", json.RootElement.GetProperty("environment").GetString());
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal(6, results.Count);
        foreach (var (key, result) in results)
        {
            Assert.Equal("succeeded", result.GetProperty("status").GetString());
            Assert.True(result.GetProperty("serverStopped").GetBoolean(), $"{key}: the server was not verified gone");
            Assert.True(result.GetProperty("clientCount").GetInt64() > 0, key);
            ServerAgreement.AssertWithin(result, 0.01);
        }

        Assert.True(results["tcp-rr"].GetProperty("latencyMilliseconds").GetProperty("p99").GetDouble() > 0, results["tcp-rr"].ToString());

        var namespaces = await ListNamespacesAsync();
        foreach (var machine in new[] { "client", "peer" })
        {
            var name = json.RootElement.GetProperty(machine).GetString()!.Split(' ')[0];
            Assert.DoesNotContain(name, namespaces, StringComparison.Ordinal);
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return TestProcess.RunAsync(start, TimeSpan.FromMinutes(5));
    }

    private static async Task<string> ListNamespacesAsync()
    {
        using var ip = Process.Start(new ProcessStartInfo("ip", ["netns", "list"]) { RedirectStandardOutput = true })!;
        var listing = await ip.StandardOutput.ReadToEndAsync();
        await ip.WaitForExitAsync();
        return listing;
    }
}
