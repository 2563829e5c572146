using Netperf.Core.Remoting;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.HyperV;
using Netperf.Lab.Inventory;
using Netperf.Lab.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Lab.Tests.Drivers;

public sealed class HyperVDriverTests
{
    private const string Prologue = "$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n";
    private static readonly Dictionary<string, string> Tags = new() { ["netperf-pair"] = "p1" };

    [Fact]
    public async Task CreateVmAsync_WritesTheTagsFileFirstThenDiskAndVmWithItsNotesRightAfterNewVm()
    {
        // Write-ahead: a kill after any line leaves the tags file (and from New-VM on, the Notes) for the janitor.
        var shell = new ScriptedHostShell().Expect(Prologue + $"""
            New-Item -ItemType Directory -Force -Path 'D:\lab' | Out-Null
            Set-Content -Encoding ascii -Path (Join-Path 'D:\lab' 'npl1c.netperf-tags') -Value '{Encoded(Tags)}'
            $disk = Join-Path 'D:\lab' 'npl1c.vhdx'
            New-VHD -Path $disk -ParentPath 'D:\images\ws2022.vhdx' -Differencing | Out-Null
            New-VM -Name 'npl1c' -Generation 2 -VHDPath $disk -SwitchName 'lab-switch' -Path 'D:\lab' | Out-Null
            Set-VM -Name 'npl1c' -Notes '{Encoded(Tags)}'
            Set-VMProcessor -VMName 'npl1c' -Count 8
            Set-VMMemory -VMName 'npl1c' -DynamicMemoryEnabled $false -StartupBytes 16384MB
            Set-VMNetworkAdapter -VMName 'npl1c' -IovWeight 100
            Set-VM -Name 'npl1c' -AutomaticCheckpointsEnabled $false -AutomaticStopAction TurnOff
            """);

        await new HyperVDriver().CreateVmAsync(Host(shell), new LabVmSpec { Name = "npl1c", Image = "windows-2022", Tags = Tags });

        shell.Verify();
    }

    [Fact]
    public async Task CreateVmAsync_ImageWithoutBaseDisk_ThrowsNamingTheSetting()
    {
        var shell = new ScriptedHostShell();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new HyperVDriver().CreateVmAsync(Host(shell), new LabVmSpec { Name = "npl1c", Image = "ubuntu-24.04", Tags = Tags }));

        Assert.Contains("HyperV:BaseImages", error.Message, StringComparison.Ordinal);
        Assert.Empty(shell.Received);
    }

    [Fact]
    public async Task StartAndWaitForAddress_PollsGetVMNetworkAdapterUntilAnIPv4Appears()
    {
        var time = new FakeTimeProvider();
        const string query = Prologue + "(Get-VMNetworkAdapter -VMName 'npl1c').IPAddresses | Where-Object { $_ -match '^\\d+\\.\\d+\\.\\d+\\.\\d+$' -and $_ -notlike '169.254.*' }";
        var shell = new ScriptedHostShell()
            .Expect(Prologue + "Start-VM -Name 'npl1c'")
            .Expect(query, output: string.Empty)
            .Expect(query, output: "10.1.0.5\n");
        var driver = new HyperVDriver(time);
        var host = Host(shell);

        await driver.StartVmAsync(host, "npl1c");
        var waiting = driver.WaitForAddressAsync(host, "npl1c", TimeSpan.FromMinutes(1));
        while (!waiting.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.Yield();
        }

        Assert.Equal(["10.1.0.5"], await waiting);
        shell.Verify();
    }

    [Fact]
    public async Task RunInGuestAsync_UsesPowerShellDirectWithTheStoredCredentialAndReturnsTheGuestExitCode()
    {
        var shell = new ScriptedHostShell().Expect(Prologue + """
            $payload = ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(([string](@($input) | Select-Object -First 1)).Trim())))
            $credential = Import-Clixml -Path 'C:\ProgramData\netperf-lab\guest-credential.xml'
            $code = Invoke-Command -VMName 'npl1c' -Credential $credential -ArgumentList $payload.text, $payload.stdin -ScriptBlock {
                param($text, $stdin)
                $global:LASTEXITCODE = 0
                $block = [scriptblock]::Create($text)
                try {
                    if ($null -ne $stdin) { $stdin | & $block 2>&1 | Out-String -Stream | Write-Output } else { & $block 2>&1 | Out-String -Stream | Write-Output }
                    if ($LASTEXITCODE) { "NETPERF-EXIT:$LASTEXITCODE" } else { 'NETPERF-EXIT:0' }
                } catch { $_ | Out-String | Write-Output; 'NETPERF-EXIT:1' }
            }
            $last = 1
            foreach ($line in $code) { if ($line -like 'NETPERF-EXIT:*') { $last = [int]$line.Substring(13) } else { $line } }
            exit $last
            """, output: "sshd 1234\n");

        var result = await new HyperVDriver().RunInGuestAsync(Host(shell), "npl1c", new RemoteCommand { Text = "Get-Process 'sshd'" });

        Assert.Equal("sshd 1234\n", result.StandardOutput);
        shell.Verify();
        using var payload = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(shell.Commands[0].StandardInput!.Trim()));
        Assert.Equal("Get-Process 'sshd'", payload.RootElement.GetProperty("text").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, payload.RootElement.GetProperty("stdin").ValueKind);
    }

    [Fact]
    public async Task RunInGuestAsync_SecretOnStandardInput_TravelsOnTheHostsStandardInputNeverInItsCommandLine()
    {
        var secret = new Netperf.Testing.Secrets.PlantedSecret();
        var shell = new ScriptedHostShell();

        await new HyperVDriver().RunInGuestAsync(Host(shell), "npl1c", new RemoteCommand
        {
            Text = @"$token = @($input)[0]; Set-Content -Path C:\runner\token -Value $token",
            StandardInput = secret.Value + "\n",
            Secrets = [secret.Value],
        });

        var sent = Assert.Single(shell.Commands);
        secret.AssertNotIn("the host's command line", sent.Text);
        secret.AssertNotIn("the host's command line, decoded", ScriptedHostShell.Decode(sent.Text));
        using var payload = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(sent.StandardInput!.Trim()));
        Assert.Equal(secret.Value + "\n", payload.RootElement.GetProperty("stdin").GetString());
        Assert.Equal([secret.Value], sent.Secrets);
    }

    [Fact]
    public async Task DeleteCheckpointRestore_SendTheHyperVCmdlets()
    {
        var shell = new ScriptedHostShell()
            .Expect(Prologue + "Checkpoint-VM -Name 'npl1c' -SnapshotName 'clean'")
            .Expect(Prologue + "Restore-VMSnapshot -VMName 'npl1c' -Name 'clean' -Confirm:$false")
            .Expect(Prologue + """
                $vm = Get-VM -Name 'npl1c' -ErrorAction SilentlyContinue
                if ($vm) {
                    Stop-VM -VM $vm -TurnOff -Force
                    Get-VMSnapshot -VM $vm | Remove-VMSnapshot
                    Remove-VM -VM $vm -Force
                }
                Remove-Item -Path (Join-Path 'D:\lab' 'npl1c.vhdx') -Force -ErrorAction SilentlyContinue
                Remove-Item -Path (Join-Path 'D:\lab' 'npl1c') -Recurse -Force -ErrorAction SilentlyContinue
                Remove-Item -Path (Join-Path 'D:\lab' 'npl1c.netperf-tags') -Force -ErrorAction SilentlyContinue
                """);
        var driver = new HyperVDriver();

        await driver.CheckpointAsync(Host(shell), "npl1c", "clean");
        await driver.RestoreAsync(Host(shell), "npl1c", "clean");
        await driver.DeleteVmAsync(Host(shell), "npl1c");

        shell.Verify();
    }

    [Fact]
    public async Task ListVmsAsync_ReadsTagsFromNotesElseTheTagsFileAndListsTagsFilesWithoutAVm()
    {
        var shell = new ScriptedHostShell().Expect(
            Prologue + """
                $seen = @{}
                Get-VM -Name 'npl*' | ForEach-Object {
                    $seen[$_.Name] = $true
                    $f = Join-Path 'D:\lab' ($_.Name + '.netperf-tags')
                    $notes = if ($_.Notes) { $_.Notes } elseif (Test-Path -LiteralPath $f) { (Get-Content -Raw -LiteralPath $f).Trim() } else { '' }
                    "$($_.Name) $notes"
                }
                Get-ChildItem -Path (Join-Path 'D:\lab' 'npl*.netperf-tags') -ErrorAction SilentlyContinue | ForEach-Object {
                    $name = $_.Name.Substring(0, $_.Name.Length - 13)
                    if (-not $seen[$name]) { "$name $((Get-Content -Raw -LiteralPath $_.FullName).Trim())" }
                }
                """,
            output: $"npl1c {Encoded(Tags)}\nnpl2p \n");

        var vms = await new HyperVDriver().ListVmsAsync(Host(shell), "npl");

        Assert.Equal("p1", vms[0].Tags["netperf-pair"]);
        Assert.Empty(vms[1].Tags);
        shell.Verify();
    }

    [Fact]
    public async Task CreateVmAsync_HostRefuses_ThrowsWithTheHostsAnswer()
    {
        var shell = new ScriptedHostShell().Expect(Prologue + "Start-VM -Name 'npl1c'", exitCode: 1, error: "Start-VM: Not enough memory in the system to start the virtual machine npl1c.");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new HyperVDriver().StartVmAsync(Host(shell), "npl1c"));

        Assert.Contains("Not enough memory", error.Message, StringComparison.Ordinal);
    }

    internal static string Encoded(IReadOnlyDictionary<string, string> tags) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(tags)));

    private static LabHost Host(ScriptedHostShell shell) => new(new LabHostOptions
    {
        Name = "hv1",
        Address = "hv1.lab",
        Hypervisor = LabHypervisors.HyperV,
        Images = ["windows-2022"],
        Link = "tor1",
        HyperV = new LabHyperVHostOptions
        {
            BaseImages = { ["windows-2022"] = @"D:\images\ws2022.vhdx" },
            VmPath = @"D:\lab",
            Switch = "lab-switch",
            Processors = 8,
            MemoryMb = 16384,
        },
    }, shell);
}
