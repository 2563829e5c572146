using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
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
/// An <see cref="IRemoteShell"/> over managed VM Run Command (<c>virtualMachines/{vm}/runCommands</c>): no
/// inbound port is needed. Commands run one at a time per VM through one run-command resource
/// (<see cref="RunCommandName"/>) that is sent again for each command, never deleted in between (a delete takes
/// minutes and blocks the next command; the VM's deletion takes it). Each command runs inside a wrapper that
/// reports the script's own exit code in-band (ARM's <c>exitCode</c>/<c>executionState</c> are not trusted) and
/// keeps output that does not fit Run Command's 4 KB tail on the VM, from where it is read back in chunks;
/// copies from the VM are read in chunks too, gzipped and checked by SHA-256. Secrets and standard input travel
/// as protected parameters, because ARM echoes <c>source.script</c> in every GET. Output arrives when the
/// command ends (no streaming). A cancelled or timed-out command is stopped by sending a no-op script in its place.
/// </summary>
public sealed class AzureRunCommandShell : IRemoteShell
{
    /// <summary>The largest file <see cref="CopyToAsync"/> and <see cref="CopyFromAsync"/> move.</summary>
    public const int MaxCopyBytes = 48 * 1024;

    /// <summary>The name of the one run-command resource each VM gets.</summary>
    public const string RunCommandName = "netperf-shell";

    /// <summary>
    /// The most (gzipped) bytes of a command's output or error read back when they did not fit Run Command's
    /// 4 KB tail; beyond that only the tail is returned, marked as cut. Each chunk is one more Run Command.
    /// </summary>
    public const int MaxFetchedBytes = 12 * RunCommandScript.ChunkBytes;

    private static readonly TimeSpan HelperTimeout = TimeSpan.FromMinutes(2);

    private readonly ArmClient _arm;
    private readonly ResourceIdentifier _vmId;
    private readonly AzureLocation _location;
    private readonly OsFamily _osFamily;
    private readonly LroDriver _lro;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _startTimeout;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _counter;

    internal AzureRunCommandShell(ArmClient arm, ResourceIdentifier vmId, AzureLocation location, OsFamily osFamily, LroDriver lro, TimeProvider timeProvider, ILoggerFactory loggerFactory, TimeSpan startTimeout)
    {
        _arm = arm;
        _vmId = vmId;
        _location = location;
        _osFamily = osFamily;
        _lro = lro;
        _timeProvider = timeProvider;
        _startTimeout = startTimeout;
        _logger = loggerFactory.CreateLogger<AzureRunCommandShell>();
    }

    /// <inheritdoc />
    public string Description => $"azure-run-command {_vmId.ResourceGroupName}/{_vmId.Name}";

    /// <inheritdoc />
    public async Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var display = SecretRedactor.Describe(command);
        var (script, protectedParameters) = RunCommandScript.Wrap(command, _osFamily);
        var started = _timeProvider.GetTimestamp();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var execution = await ExecuteAsync(script, protectedParameters, command.Timeout, display, cancellationToken).ConfigureAwait(false);
            var result = await ToResultAsync(execution, started, cancellationToken).ConfigureAwait(false);
            Emit(result.StandardOutput, command.OnOutputLine);
            Emit(result.StandardError, command.OnErrorLine);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        var bytes = await File.ReadAllBytesAsync(localPath, cancellationToken).ConfigureAwait(false);
        if (bytes.Length > MaxCopyBytes)
        {
            throw new NotSupportedException($"Run Command copies at most {MaxCopyBytes} bytes; '{localPath}' has {bytes.Length}. Use an SSH session or a storage blob for larger files.");
        }

        var result = await RunAsync(new RemoteCommand
        {
            Text = RunCommandScript.CopyTo(_osFamily, remotePath),
            StandardInput = Convert.ToBase64String(bytes),
            Timeout = HelperTimeout,
            DisplayName = $"copy to {remotePath}",
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new IOException($"Copying to '{remotePath}' on {_vmId.Name} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    /// <inheritdoc />
    public async Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One command gzips the file into a spool folder and reports its size and hash; then the gzip is read in chunks that fit the 4 KB tail.
            var prepare = await RunHelperAsync(RunCommandScript.PrepareCopyFrom(_osFamily, remotePath, MaxCopyBytes), $"copy from {remotePath}", cancellationToken).ConfigureAwait(false);
            var fields = prepare.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("size", out var sizeText) || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || !fields.TryGetValue("sha256", out var sha256) || !fields.TryGetValue("spool", out var spool))
            {
                throw new IOException($"Copying '{remotePath}' from {_vmId.Name} failed: the VM did not report the file's size and hash ({Tail(prepare)}).");
            }

            if (size > MaxCopyBytes)
            {
                throw new NotSupportedException($"Run Command copies at most {MaxCopyBytes} bytes; '{remotePath}' on {_vmId.Name} has {size}. Use an SSH session or a storage blob for larger files.");
            }

            var compressed = await ReadSpoolFileAsync(RunCommandScript.SpoolFile(spool, "data"), spool, long.MaxValue, cancellationToken).ConfigureAwait(false);
            byte[] bytes;
            using (var input = new MemoryStream(compressed!))
            using (var gzip = new GZipStream(input, CompressionMode.Decompress))
            using (var output = new MemoryStream())
            {
                await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                bytes = output.ToArray();
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (bytes.Length != size || !string.Equals(hash, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException($"Copying '{remotePath}' from {_vmId.Name} failed: got {bytes.Length} bytes with SHA-256 {hash}, the VM reported {size} bytes with {sha256}. Try again; the file may have changed meanwhile.");
            }

            await File.WriteAllBytesAsync(localPath, bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends one wrapped script under the shell's run-command name and reads ARM's instance view; the budget covers the start (extension install) too.</summary>
    private async Task<Execution> ExecuteAsync(string script, IReadOnlyDictionary<string, string> protectedParameters, TimeSpan timeout, string display, CancellationToken cancellationToken)
    {
        var label = $"{RunCommandName}#{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}";
        var data = new VirtualMachineRunCommandData(_location)
        {
            Source = new VirtualMachineRunCommandScriptSource { Script = script },
            AsyncExecution = false,
            TimeoutInSeconds = (int)Math.Ceiling(timeout.TotalSeconds),
        };
        foreach (var (key, value) in protectedParameters)
        {
            data.ProtectedParameters.Add(new RunCommandInputParameter(key, value));
        }

        var vm = _arm.GetVirtualMachineResource(_vmId);
        var budget = timeout + _startTimeout;
        AzureLog.RunCommandStarted(_logger, label, _vmId.Name, display);
        using var scope = ArmCallScope.Enter($"run-command {label}", _timeProvider, budget);
        using var expiry = new CancellationTokenSource(budget, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            var operation = await vm.GetVirtualMachineRunCommands().CreateOrUpdateAsync(WaitUntil.Started, RunCommandName, data, linked.Token).ConfigureAwait(false);
            await _lro.WaitAsync(operation, $"run-command {label}", linked.Token, budget).ConfigureAwait(false);
            var view = (await vm.GetVirtualMachineRunCommandAsync(RunCommandName, "instanceView", linked.Token).ConfigureAwait(false)).Value.Data.InstanceView;
            return new Execution(label, view, TimedOut: false, timeout);
        }
        catch (RequestFailedException e)
        {
            // ARM refused or failed the run command itself (agent not ready, conflict, throttled past the budget): the script did not report.
            var code = string.IsNullOrEmpty(e.ErrorCode) ? e.Status.ToString(CultureInfo.InvariantCulture) : e.ErrorCode;
            return new Execution(label, null, TimedOut: false, timeout, $"ARM error {code}: {e.Message.Split('\n')[0].Trim()}");
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            await StopAsync(vm).ConfigureAwait(false);
            return new Execution(label, null, TimedOut: true, timeout);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(vm).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<RemoteCommandResult> ToResultAsync(Execution execution, long started, CancellationToken cancellationToken)
    {
        var view = execution.View;
        var state = view?.ExecutionState?.ToString() ?? (execution.TimedOut ? "TimedOut" : "Unknown");
        var output = view?.Output ?? string.Empty;
        var error = view?.Error ?? string.Empty;
        var trailer = RunCommandScript.ParseTrailer(output);
        if (trailer is null)
        {
            // The wrapper did not finish (stopped, timed out, never started) or ARM dropped the output: the script's own code is unknown.
            var reported = view?.ExitCode ?? -1;
            var timedOut = execution.TimedOut || view?.ExecutionState == ExecutionState.TimedOut;
            AzureLog.RunCommandWithoutMarker(_logger, execution.Label, _vmId.Name, state, reported);
            var why = execution.Failure is { } failure ? $"The run command did not run: {failure}."
                : timedOut ? $"The run command did not finish within {execution.Timeout} (plus {_startTimeout} to start)."
                : $"Run Command reported executionState {state}, exitCode {reported}{(string.IsNullOrEmpty(view?.ExecutionMessage) ? string.Empty : $" ({view!.ExecutionMessage})")}, without the script's exit marker: the script's own exit code is unknown (it may not have run, or was stopped).";
            return new RemoteCommandResult
            {
                ExitCode = -1,
                StandardOutput = output,
                StandardError = error.Length == 0 ? why : error.TrimEnd('\n') + "\n" + why,
                Duration = _timeProvider.GetElapsedTime(started),
                TimedOut = timedOut,
            };
        }

        var standardOutput = trailer.InlineOutput;
        var standardError = error;
        if (trailer.OutputSpooled || trailer.ErrorSpooled)
        {
            if (trailer.OutputSpooled)
            {
                standardOutput = await FetchStreamAsync(trailer, "out", trailer.InlineOutput, removeSpool: !trailer.ErrorSpooled, cancellationToken).ConfigureAwait(false);
            }

            if (trailer.ErrorSpooled)
            {
                standardError = await FetchStreamAsync(trailer, "err", error, removeSpool: true, cancellationToken).ConfigureAwait(false);
            }
        }

        var result = new RemoteCommandResult
        {
            ExitCode = trailer.ExitCode,
            StandardOutput = standardOutput,
            StandardError = standardError,
            Duration = _timeProvider.GetElapsedTime(started),
        };
        AzureLog.RunCommandEnded(_logger, execution.Label, _vmId.Name, result.ExitCode, state, (long)result.Duration.TotalMilliseconds);
        return result;
    }

    /// <summary>Reads a stream the wrapper kept on the VM (gzipped); when it is too large to read back, returns its tail marked as cut.</summary>
    private async Task<string> FetchStreamAsync(WrapperTrailer trailer, string name, string tail, bool removeSpool, CancellationToken cancellationToken)
    {
        var file = RunCommandScript.SpoolFile(trailer.Spool, name);
        var bytes = await ReadSpoolFileAsync(file, removeSpool ? trailer.Spool : null, MaxFetchedBytes, cancellationToken).ConfigureAwait(false);
        var size = name == "out" ? trailer.OutputBytes : trailer.ErrorBytes;
        if (bytes is null)
        {
            return $"[netperf: the first {size - Encoding.UTF8.GetByteCount(tail)} of {size} bytes were not read back (more than {MaxFetchedBytes} bytes gzipped); they are in {file} on {_vmId.Name}]\n" + tail;
        }

        using var input = new MemoryStream(bytes);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a file on the VM in chunks that fit Run Command's 4 KB tail; <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.</summary>
    private async Task<byte[]?> ReadSpoolFileAsync(string file, string? removeFolder, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        long? total = null;
        while (total is null || buffer.Length < total)
        {
            var text = await RunHelperAsync(RunCommandScript.ReadChunk(_osFamily, file, buffer.Length, RunCommandScript.ChunkBytes, removeFolder), $"read {file}", cancellationToken).ConfigureAwait(false);
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0 || !lines[0].StartsWith("total=", StringComparison.Ordinal)
                || !long.TryParse(lines[0]["total=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new IOException($"Reading '{file}' on {_vmId.Name} failed: the chunk reader answered '{Tail(text)}'.");
            }

            total = size;
            if (size > maxBytes)
            {
                if (removeFolder is not null)
                {
                    await RunHelperAsync(RunCommandScript.RemoveSpool(_osFamily, removeFolder), "remove spool", cancellationToken).ConfigureAwait(false);
                }

                return null;
            }

            var chunk = lines.Length > 1 ? Convert.FromBase64String(lines[1].Trim()) : [];
            if (chunk.Length == 0 && buffer.Length < size)
            {
                throw new IOException($"Reading '{file}' on {_vmId.Name} stopped at {buffer.Length} of {size} bytes.");
            }

            buffer.Write(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>Runs a built-in helper script and returns its output; a failure is an <see cref="IOException"/>.</summary>
    private async Task<string> RunHelperAsync(string text, string display, CancellationToken cancellationToken)
    {
        var (script, parameters) = RunCommandScript.Wrap(new RemoteCommand { Text = text, Timeout = HelperTimeout, DisplayName = display }, _osFamily);
        var execution = await ExecuteAsync(script, parameters, HelperTimeout, display, cancellationToken).ConfigureAwait(false);
        var trailer = execution.View is { } view ? RunCommandScript.ParseTrailer(view.Output ?? string.Empty) : null;
        if (trailer is null || trailer.ExitCode != 0)
        {
            var reason = trailer is null
                ? execution.Failure ?? (execution.TimedOut ? $"it did not finish within {HelperTimeout}" : null) ?? $"ARM reported {execution.View?.ExecutionState?.ToString() ?? "nothing"} without the exit marker"
                : $"exit {trailer.ExitCode}: {Tail(execution.View?.Error ?? string.Empty)}";
            throw new IOException($"'{display}' on {_vmId.Name} failed: {reason}.");
        }

        return trailer.InlineOutput;
    }

    /// <summary>Stops a command that was cancelled or ran out of time: a no-op script sent in its place (not waited for).</summary>
    private async Task StopAsync(VirtualMachineResource vm)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1), _timeProvider);
        try
        {
            var data = new VirtualMachineRunCommandData(_location)
            {
                Source = new VirtualMachineRunCommandScriptSource { Script = RunCommandScript.Stop(_osFamily) },
                AsyncExecution = false,
                TimeoutInSeconds = 60,
            };
            await vm.GetVirtualMachineRunCommands().CreateOrUpdateAsync(WaitUntil.Started, RunCommandName, data, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            // The next command replaces it anyway, and the VM's deletion takes it.
        }
    }

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

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 300 ? text : "..." + text[^300..];
    }

    private sealed record Execution(string Label, VirtualMachineRunCommandInstanceView? View, bool TimedOut, TimeSpan Timeout, string? Failure = null);
}
