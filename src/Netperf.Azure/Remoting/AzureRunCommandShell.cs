using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Microsoft.Extensions.Logging;
using Netperf.Azure.Pairs.Internal;
using Netperf.Azure.Remoting.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Azure.Remoting;

/// <summary>
/// An <see cref="IRemoteShell"/> over managed VM Run Command (<c>virtualMachines/{vm}/runCommands</c>):
/// no inbound port is needed. Each command is a run-command resource with a structured exit code, its
/// secrets and standard input passed as protected parameters, and a timeout; the resource is deleted
/// afterwards (which also stops a command that was cancelled). Output arrives when the command ends.
/// </summary>
public sealed class AzureRunCommandShell : IRemoteShell
{
    /// <summary>The largest file <see cref="CopyToAsync"/> and <see cref="CopyFromAsync"/> move (base64 inside a script or its output).</summary>
    public const int MaxCopyBytes = 48 * 1024;

    private readonly ArmClient _arm;
    private readonly ResourceIdentifier _vmId;
    private readonly AzureLocation _location;
    private readonly OsFamily _osFamily;
    private readonly LroDriver _lro;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _counter;

    internal AzureRunCommandShell(ArmClient arm, ResourceIdentifier vmId, AzureLocation location, OsFamily osFamily, LroDriver lro, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _arm = arm;
        _vmId = vmId;
        _location = location;
        _osFamily = osFamily;
        _lro = lro;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<AzureRunCommandShell>();
    }

    /// <inheritdoc />
    public string Description => $"azure-run-command {_vmId.ResourceGroupName}/{_vmId.Name}";

    /// <inheritdoc />
    public async Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = $"netperf-{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
        var display = SecretRedactor.Describe(command);
        var (script, protectedParameters) = RunCommandScript.Build(command, _osFamily);
        var data = new VirtualMachineRunCommandData(_location)
        {
            Source = new VirtualMachineRunCommandScriptSource { Script = script },
            AsyncExecution = false,
            TimeoutInSeconds = (int)Math.Ceiling(command.Timeout.TotalSeconds),
        };
        foreach (var (key, value) in protectedParameters)
        {
            data.ProtectedParameters.Add(new RunCommandInputParameter(key, value));
        }

        var vm = _arm.GetVirtualMachineResource(_vmId);
        var started = _timeProvider.GetTimestamp();
        AzureLog.RunCommandStarted(_logger, name, _vmId.Name, display);
        using var timeout = new CancellationTokenSource(command.Timeout + TimeSpan.FromMinutes(1), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var operation = await vm.GetVirtualMachineRunCommands().CreateOrUpdateAsync(WaitUntil.Started, name, data, linked.Token).ConfigureAwait(false);
            await _lro.WaitAsync(operation, $"run-command {name}", linked.Token).ConfigureAwait(false);
            var view = (await vm.GetVirtualMachineRunCommandAsync(name, "instanceView", linked.Token).ConfigureAwait(false)).Value.Data.InstanceView;
            var timedOut = view?.ExecutionState == ExecutionState.TimedOut;
            var result = new RemoteCommandResult
            {
                ExitCode = view?.ExitCode ?? -1,
                StandardOutput = view?.Output ?? string.Empty,
                StandardError = view?.Error ?? string.Empty,
                Duration = _timeProvider.GetElapsedTime(started),
                TimedOut = timedOut,
            };
            Emit(result.StandardOutput, command.OnOutputLine);
            Emit(result.StandardError, command.OnErrorLine);
            AzureLog.RunCommandEnded(_logger, name, _vmId.Name, result.ExitCode, view?.ExecutionState?.ToString() ?? "Unknown", (long)result.Duration.TotalMilliseconds);
            return result;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new RemoteCommandResult
            {
                ExitCode = -1,
                StandardOutput = string.Empty,
                StandardError = $"The run command did not finish within {command.Timeout}.",
                Duration = _timeProvider.GetElapsedTime(started),
                TimedOut = true,
            };
        }
        finally
        {
            await DeleteQuietlyAsync(vm, name).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(localPath, cancellationToken).ConfigureAwait(false);
        if (bytes.Length > MaxCopyBytes)
        {
            throw new NotSupportedException($"Run Command copies at most {MaxCopyBytes} bytes; '{localPath}' has {bytes.Length}. Use an SSH session or a storage blob for larger files.");
        }

        var content = Convert.ToBase64String(bytes);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        // The path is quoted as one literal word: nothing in it is expanded or ends the command.
        var command = _osFamily == OsFamily.Windows
            ? new RemoteCommand { Text = $"[IO.File]::WriteAllBytes({ShellQuoting.PowerShell(remotePath)}, [Convert]::FromBase64String({ShellQuoting.PowerShell(content)}))", DisplayName = $"copy to {remotePath}" }
            : new RemoteCommand { Text = $"base64 -d > {ShellQuoting.Posix(remotePath)}", StandardInput = content, DisplayName = $"copy to {remotePath}" };
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new IOException($"Copying to '{remotePath}' on {_vmId.Name} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    /// <inheritdoc />
    public async Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        var text = _osFamily == OsFamily.Windows
            ? $"[Convert]::ToBase64String([IO.File]::ReadAllBytes({ShellQuoting.PowerShell(remotePath)}))"
            : $"base64 -w0 < {ShellQuoting.Posix(remotePath)}";
        var result = await RunAsync(new RemoteCommand { Text = text, DisplayName = $"copy from {remotePath}" }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new IOException($"Copying '{remotePath}' from {_vmId.Name} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        var bytes = Convert.FromBase64String(result.StandardOutput.Trim());
        await File.WriteAllBytesAsync(localPath, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void Emit(string text, Action<string>? sink)
    {
        if (sink is null || text.Length == 0)
        {
            return;
        }

        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
        {
            sink(line);
        }
    }

    private async Task DeleteQuietlyAsync(VirtualMachineResource vm, string name)
    {
        // Deleting the run command also stops it when it is still running (cancellation, timeout).
        using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(5), _timeProvider);
        try
        {
            var resource = _arm.GetVirtualMachineRunCommandResource(VirtualMachineRunCommandResource.CreateResourceIdentifier(
                vm.Id.SubscriptionId!, vm.Id.ResourceGroupName!, vm.Id.Name, name));
            var operation = await resource.DeleteAsync(WaitUntil.Started, cleanup.Token).ConfigureAwait(false);
            await _lro.WaitAsync(operation, $"delete-run-command {name}", cleanup.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or TimeoutException)
        {
            // The VM's deletion takes its run commands with it.
        }
    }

}
