using System.Text;
using System.Text.Json;
using Netperf.Core.Remoting;
using Netperf.Lab.Drivers.Internal;
using Netperf.Lab.Inventory;
using static Netperf.Core.Remoting.ShellQuoting;
using static Netperf.Lab.Drivers.Internal.HostCommands;

namespace Netperf.Lab.Drivers.HyperV;

/// <summary>
/// Hyper-V on a Windows host. Every script runs as <c>powershell.exe -NoProfile -NonInteractive -EncodedCommand</c>
/// (so it survives any SSH default shell); VMs get a differencing VHDX over the image's base disk, their tags in
/// the VM's Notes and, written before anything else, in <c>&lt;VmPath&gt;\&lt;name&gt;.netperf-tags</c> (removed last), and
/// in-guest commands go through PowerShell Direct (<c>Invoke-Command -VMName</c>). An in-guest
/// command's text and standard input reach the host on its standard input, never in the encoded script: that
/// script is on the host's command line, where every local user can read it.
/// </summary>
public sealed class HyperVDriver : IHypervisorDriver
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _commandTimeout;

    /// <summary>Creates the driver.</summary>
    /// <param name="timeProvider">The clock for polling; defaults to the system clock.</param>
    /// <param name="commandTimeout">How long one host script may run; defaults to 10 minutes.</param>
    public HyperVDriver(TimeProvider? timeProvider = null, TimeSpan? commandTimeout = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _commandTimeout = commandTimeout ?? TimeSpan.FromMinutes(10);
    }

    /// <inheritdoc />
    public string Name => LabHypervisors.HyperV;

    /// <summary>Wraps a PowerShell script as the command line the host runs.</summary>
    /// <param name="script">The script.</param>
    /// <returns>The command line.</returns>
    public static string Encode(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return "powershell.exe -NoProfile -NonInteractive -EncodedCommand " +
               Convert.ToBase64String(Encoding.Unicode.GetBytes("$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n" + script));
    }

    /// <inheritdoc />
    public Task CreateVmAsync(LabHost host, LabVmSpec vm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(vm);
        var o = Settings(host);
        if (!o.BaseImages.TryGetValue(vm.Image, out var baseImage))
        {
            throw new InvalidOperationException($"Host {host.Name} has no base VHDX for image '{vm.Image}'; add it to Netperf:Lab:Hosts:N:HyperV:BaseImages.");
        }

        var n = PowerShell(vm.Name);
        var tags = PowerShell(EncodeTags(vm.Tags));

        // Write-ahead: the tags file comes before the disk and the VM (and the Notes right after New-VM), so a kill at
        // any point leaves something ListVmsAsync reports with its ownership tags.
        var script = $"""
            New-Item -ItemType Directory -Force -Path {PowerShell(o.VmPath)} | Out-Null
            Set-Content -Encoding ascii -Path {TagsFile(o, vm.Name)} -Value {tags}
            $disk = Join-Path {PowerShell(o.VmPath)} {PowerShell(vm.Name + ".vhdx")}
            New-VHD -Path $disk -ParentPath {PowerShell(baseImage)} -Differencing | Out-Null
            New-VM -Name {n} -Generation {o.Generation} -VHDPath $disk -SwitchName {PowerShell(o.Switch)} -Path {PowerShell(o.VmPath)} | Out-Null
            Set-VM -Name {n} -Notes {tags}
            Set-VMProcessor -VMName {n} -Count {o.Processors}
            Set-VMMemory -VMName {n} -DynamicMemoryEnabled $false -StartupBytes {o.MemoryMb}MB
            Set-VMNetworkAdapter -VMName {n} -IovWeight {(o.SrIov ? 100 : 0)}
            Set-VM -Name {n} -AutomaticCheckpointsEnabled $false -AutomaticStopAction TurnOff
            """;
        return RunAsync(host, $"create Hyper-V VM {vm.Name}", script, cancellationToken);
    }

    /// <inheritdoc />
    public Task StartVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        RunAsync(host, $"start {vmName}", $"Start-VM -Name {PowerShell(vmName)}", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> WaitForAddressAsync(LabHost host, string vmName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var script = $"(Get-VMNetworkAdapter -VMName {PowerShell(vmName)}).IPAddresses | Where-Object {{ $_ -match '^\\d+\\.\\d+\\.\\d+\\.\\d+$' -and $_ -notlike '169.254.*' }}";
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var result = await RunAsync(host, $"addresses of {vmName}", script, cancellationToken).ConfigureAwait(false);
            var addresses = Lines(result.StandardOutput);
            if (addresses.Count > 0)
            {
                return addresses;
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new InvalidOperationException(
                    $"Hyper-V VM {vmName} on {host.Name} reported no IPv4 address within {timeout}. Check the switch {Settings(host).Switch} and the guest's integration services.");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<RemoteCommandResult> RunInGuestAsync(LabHost host, string vmName, RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(command);
        var script = $$"""
            $payload = ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(([string](@($input) | Select-Object -First 1)).Trim())))
            $credential = Import-Clixml -Path {{PowerShell(Settings(host).GuestCredentialFile)}}
            $code = Invoke-Command -VMName {{PowerShell(vmName)}} -Credential $credential -ArgumentList $payload.text, $payload.stdin -ScriptBlock {
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
            """;
        return host.Shell.RunAsync(command with { Text = Encode(script), StandardInput = GuestPayload(command) }, cancellationToken);
    }

    /// <summary>
    /// The host's standard input for an in-guest command: one line, base64 of UTF-8 JSON <c>{"text":…,"stdin":…}</c>
    /// (so any text survives the host's line handling), read by the host script through <c>$input</c>.
    /// </summary>
    /// <param name="command">The in-guest command.</param>
    /// <returns>The line, with its newline.</returns>
    internal static string GuestPayload(RemoteCommand command) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?> { ["text"] = command.Text, ["stdin"] = command.StandardInput })) + "\n";

    /// <inheritdoc />
    public Task StopVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default) =>
        RunAsync(host, $"stop {vmName}", $"Stop-VM -Name {PowerShell(vmName)} -TurnOff -Force", cancellationToken);

    /// <inheritdoc />
    public Task DeleteVmAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var o = Settings(host);
        var script = $$"""
            $vm = Get-VM -Name {{PowerShell(vmName)}} -ErrorAction SilentlyContinue
            if ($vm) {
                Stop-VM -VM $vm -TurnOff -Force
                Get-VMSnapshot -VM $vm | Remove-VMSnapshot
                Remove-VM -VM $vm -Force
            }
            Remove-Item -Path (Join-Path {{PowerShell(o.VmPath)}} {{PowerShell(vmName + ".vhdx")}}) -Force -ErrorAction SilentlyContinue
            Remove-Item -Path (Join-Path {{PowerShell(o.VmPath)}} {{PowerShell(vmName)}}) -Recurse -Force -ErrorAction SilentlyContinue
            Remove-Item -Path {{TagsFile(o, vmName)}} -Force -ErrorAction SilentlyContinue
            """;
        return RunAsync(host, $"delete {vmName}", script, cancellationToken);
    }

    /// <inheritdoc />
    public Task CheckpointAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) =>
        RunAsync(host, $"checkpoint {vmName}", $"Checkpoint-VM -Name {PowerShell(vmName)} -SnapshotName {PowerShell(checkpoint)}", cancellationToken);

    /// <inheritdoc />
    public Task RestoreAsync(LabHost host, string vmName, string checkpoint, CancellationToken cancellationToken = default) =>
        RunAsync(host, $"restore {vmName}", $"Restore-VMSnapshot -VMName {PowerShell(vmName)} -Name {PowerShell(checkpoint)} -Confirm:$false", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LabVmRecord>> ListVmsAsync(LabHost host, string namePrefix, CancellationToken cancellationToken = default)
    {
        // VMs (tags from Notes, else from the tags file a create wrote first), then tags files whose VM was never made.
        var o = Settings(host);
        var script = $$"""
            $seen = @{}
            Get-VM -Name {{PowerShell(namePrefix + "*")}} | ForEach-Object {
                $seen[$_.Name] = $true
                $f = Join-Path {{PowerShell(o.VmPath)}} ($_.Name + '{{TagsSuffix}}')
                $notes = if ($_.Notes) { $_.Notes } elseif (Test-Path -LiteralPath $f) { (Get-Content -Raw -LiteralPath $f).Trim() } else { '' }
                "$($_.Name) $notes"
            }
            Get-ChildItem -Path (Join-Path {{PowerShell(o.VmPath)}} {{PowerShell(namePrefix + "*" + TagsSuffix)}}) -ErrorAction SilentlyContinue | ForEach-Object {
                $name = $_.Name.Substring(0, $_.Name.Length - {{TagsSuffix.Length}})
                if (-not $seen[$name]) { "$name $((Get-Content -Raw -LiteralPath $_.FullName).Trim())" }
            }
            """;
        var result = await RunAsync(host, "list VMs", script, cancellationToken).ConfigureAwait(false);
        return Lines(result.StandardOutput).Select(line => line.Split(' ', 2)).Select(p => new LabVmRecord(p[0], DecodeTags(p.Length > 1 ? p[1] : null))).ToList();
    }

    /// <summary>Writes a VM's tags into its Notes (and its tags file, when it has one): the static driver's pre-made VMs, the pool's expiry extension.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="tags">The tags; empty clears them.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the tags are written.</returns>
    public Task SetTagsAsync(LabHost host, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(host);
        var text = PowerShell(tags.Count == 0 ? string.Empty : EncodeTags(tags));
        var script = $"Set-VM -Name {PowerShell(vmName)} -Notes {text}";
        if (host.Options.HyperV is { } o)
        {
            // A VM this driver made also has the tags file written ahead at creation: keep it in step.
            var file = TagsFile(o, vmName);
            script += $"\nif (Test-Path -LiteralPath {file}) {{ Set-Content -Encoding ascii -Path {file} -Value {text} }}";
        }

        return RunAsync(host, $"tag {vmName}", script, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindCrashDumpsAsync(LabHost host, string vmName, CancellationToken cancellationToken = default)
    {
        var result = await RunInGuestAsync(host, vmName, new RemoteCommand
        {
            Text = @"Get-ChildItem -Path C:\Windows\MEMORY.DMP, C:\Windows\Minidump\*.dmp -ErrorAction SilentlyContinue | ForEach-Object FullName",
            Timeout = _commandTimeout,
        }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? Lines(result.StandardOutput) : [];
    }

    /// <summary>The suffix of the file, beside the VM's disk, that holds its tags from before the VM exists.</summary>
    private const string TagsSuffix = ".netperf-tags";

    private static string TagsFile(LabHyperVHostOptions o, string vmName) => $"(Join-Path {PowerShell(o.VmPath)} {PowerShell(vmName + TagsSuffix)})";

    private static LabHyperVHostOptions Settings(LabHost host) =>
        host.Options.HyperV ?? throw new InvalidOperationException(
            $"Host {host.Name} has no HyperV settings; add Netperf:Lab:Hosts:N:HyperV with BaseImages, VmPath and Switch.");

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private Task<RemoteCommandResult> RunAsync(LabHost host, string step, string script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return RunCheckedAsync(host.Shell, step, Encode(script), _commandTimeout, cancellationToken);
    }
}
