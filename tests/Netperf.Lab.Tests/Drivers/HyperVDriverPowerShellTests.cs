using Netperf.Core.Remoting;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.HyperV;
using Netperf.Lab.Inventory;
using Netperf.Lab.Tests.Fakes;
using Netperf.Testing.Integration;
using Netperf.Testing.PowerShell;

namespace Netperf.Lab.Tests.Drivers;

/// <summary>Every PowerShell script the Hyper-V driver sends to a host is valid PowerShell to the real parser (pwsh).</summary>
public sealed class HyperVDriverPowerShellTests
{
    [IntegrationFact(Prerequisite.Pwsh)]
    public async Task EveryOperation_ScriptSentToTheHost_ParsesWithZeroErrors()
    {
        // Names and tags with quotes of every kind PowerShell knows, so quoting mistakes show as parse errors.
        var shell = new RecordingShell();
        var host = new LabHost(new LabHostOptions
        {
            Name = "hv1",
            Address = "hv1.lab",
            Hypervisor = LabHypervisors.HyperV,
            Images = ["windows-2022"],
            Link = "tor1",
            HyperV = new LabHyperVHostOptions
            {
                BaseImages = { ["windows-2022"] = @"D:\images\it's ‘ws’.vhdx" },
                VmPath = @"D:\lab ‛x‚",
                Switch = "lab-switch",
                Processors = 8,
                MemoryMb = 16384,
            },
        }, shell);
        var tags = new Dictionary<string, string> { ["netperf-pair"] = "p1", ["note"] = "it's ‘quoted’ $x `n" };
        var driver = new HyperVDriver();

        await driver.CreateVmAsync(host, new LabVmSpec { Name = "npl1c", Image = "windows-2022", Tags = tags });
        await driver.StartVmAsync(host, "npl1c");
        await driver.WaitForAddressAsync(host, "npl1c", TimeSpan.FromSeconds(5));
        await driver.RunInGuestAsync(host, "npl1c", new RemoteCommand { Text = "'in the guest'", StandardInput = "input" });
        await driver.StopVmAsync(host, "npl1c");
        await driver.CheckpointAsync(host, "npl1c", "clean");
        await driver.RestoreAsync(host, "npl1c", "clean");
        await driver.ListVmsAsync(host, "npl");
        await driver.SetTagsAsync(host, "npl1c", tags);
        await driver.FindCrashDumpsAsync(host, "npl1c");
        await driver.DeleteVmAsync(host, "npl1c");

        Assert.True(shell.Scripts.Count >= 11, $"only {shell.Scripts.Count} scripts were sent");
        await PowerShellParser.AssertAllParseAsync(shell.Scripts.Select((s, i) => (s, i)).ToDictionary(x => $"{x.i}:{x.s.Split('\n').Skip(2).FirstOrDefault()}", x => x.s));
    }

    /// <summary>Answers every command with success and an address (so address polls end), and keeps each decoded script.</summary>
    private sealed class RecordingShell : IRemoteShell
    {
        public List<string> Scripts { get; } = [];

        public string Description => "recording host";

        public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
        {
            Scripts.Add(ScriptedHostShell.Decode(command.Text));
            return Task.FromResult(new RemoteCommandResult { ExitCode = 0, StandardOutput = "10.1.0.5\n", StandardError = string.Empty, Duration = TimeSpan.Zero });
        }

        public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
