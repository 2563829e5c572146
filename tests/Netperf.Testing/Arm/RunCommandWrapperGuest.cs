using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Netperf.Testing.Arm.Internal;

namespace Netperf.Testing.Arm;

/// <summary>
/// A fake VM's side of Netperf's Run Command wrapper (<c># netperf-run-command v1</c>, see <c>AzureRunCommandShell</c>):
/// it unwraps the script, hands the inner script to <see cref="Inner"/>, and answers as the wrapper does on a
/// real VM: output and error printed when they fit (3900 bytes), else their last 1500 bytes printed and the
/// whole kept gzipped in a spool folder for chunked reads, then the trailer
/// <c>NETPERF_RC=code OUT=bytes ERR=bytes SPOOL=folder</c>. The wrapper's built-in helpers (copy to, copy from,
/// read a chunk, remove a spool folder, stop) work on an in-memory file system per VM (<see cref="ReadFile"/>,
/// <see cref="WriteFile"/>). A script without the wrapper goes to <see cref="Inner"/> as it is. The real
/// wrapper is proven against real bash in the Azure tests; this answers the same way without a shell.
/// </summary>
public sealed class RunCommandWrapperGuest
{
    private const string Marker = "# netperf-run-command v1";
    private const int InlineLimit = 3900;
    private const int TailBytes = 1500;

    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private int _spools;

    /// <summary>Creates the emulation around <paramref name="inner"/>, which answers the unwrapped scripts.</summary>
    /// <param name="inner">Answers an inner script (its <see cref="GuestCommand.Script"/> is the script as the caller wrote it).</param>
    public RunCommandWrapperGuest(Func<GuestCommand, CancellationToken, Task<GuestResult>> inner)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>Answers the unwrapped scripts.</summary>
    public Func<GuestCommand, CancellationToken, Task<GuestResult>> Inner { get; }

    /// <summary>How many spool folders (output kept for chunked reads) exist now, across all VMs.</summary>
    public int OpenSpools => _files.Keys.Select(k => k[..k.LastIndexOf('/')]).Distinct().Count(k => k.Contains("/netperf-rc.", StringComparison.Ordinal));

    /// <summary>Reads a file of a fake VM (<see langword="null"/> when absent).</summary>
    /// <param name="resourceGroup">The VM's group.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="path">The path as the scripts name it.</param>
    /// <returns>The bytes.</returns>
    public byte[]? ReadFile(string resourceGroup, string vmName, string path) => _files.GetValueOrDefault(Key(resourceGroup, vmName, path));

    /// <summary>Writes a file of a fake VM.</summary>
    /// <param name="resourceGroup">The VM's group.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="path">The path.</param>
    /// <param name="content">The bytes.</param>
    public void WriteFile(string resourceGroup, string vmName, string path, byte[] content) => _files[Key(resourceGroup, vmName, path)] = content;

    /// <summary>The handler to assign to <see cref="FakeArmServer.GuestHandler"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancelled when the run command is replaced, deleted or times out.</param>
    /// <returns>The VM's answer.</returns>
    public async Task<GuestResult> HandleAsync(GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Script.Contains("# netperf-stop", StringComparison.Ordinal) && !command.Script.Contains(Marker, StringComparison.Ordinal))
        {
            return GuestResult.Ok;
        }

        if (!command.Script.Contains(Marker, StringComparison.Ordinal))
        {
            return await Inner(command, cancellationToken).ConfigureAwait(false);
        }

        var inner = Unwrap(command.Script);
        var result = inner.Contains("# netperf-builtin: ", StringComparison.Ordinal)
            ? Builtin(command, inner)
            : await Inner(command with { Script = inner }, cancellationToken).ConfigureAwait(false);
        return Format(command, result);
    }

    private static string Key(string group, string vm, string path) => $"{group}/{vm}:{path}";

    private static string Unwrap(string script)
    {
        var lines = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var begin = Array.IndexOf(lines, "# netperf-script-begin");
        var end = Array.IndexOf(lines, "# netperf-script-end");
        if (begin < 0 || end < begin + 2)
        {
            throw new InvalidOperationException("A wrapped script without its embedded script.");
        }

        // begin+1 opens the here-document / here-string, end-1 closes it.
        return string.Join('\n', lines[(begin + 2)..(end - 1)]) + "\n";
    }

    private GuestResult Format(GuestCommand command, GuestResult result)
    {
        var outBytes = Encoding.UTF8.GetBytes(result.Output);
        var errBytes = Encoding.UTF8.GetBytes(result.Error);
        var spool = $"/tmp/netperf-rc.{Interlocked.Increment(ref _spools).ToString("x8", CultureInfo.InvariantCulture)}";
        var output = new StringBuilder();
        var error = new StringBuilder();
        if (outBytes.Length <= InlineLimit)
        {
            output.Append(result.Output);
        }
        else
        {
            output.Append(Encoding.UTF8.GetString(outBytes[^TailBytes..]));
            _files[Key(command.ResourceGroup, command.VmName, spool + "/out.gz")] = Gzip(outBytes);
        }

        if (errBytes.Length <= InlineLimit)
        {
            error.Append(result.Error);
        }
        else
        {
            error.Append(Encoding.UTF8.GetString(errBytes[^TailBytes..]));
            _files[Key(command.ResourceGroup, command.VmName, spool + "/err.gz")] = Gzip(errBytes);
        }

        output.Append(CultureInfo.InvariantCulture, $"\nNETPERF_RC={result.ExitCode} OUT={outBytes.Length} ERR={errBytes.Length} SPOOL={spool}\n");
        return new GuestResult(result.ExitCode, output.ToString(), error.ToString());
    }

    private GuestResult Builtin(GuestCommand command, string inner)
    {
        var name = inner.Split('\n')[0]["# netperf-builtin: ".Length..].Trim();
        var inputs = ScriptInputs.Parse(inner);
        string Path(string key) => Key(command.ResourceGroup, command.VmName, inputs[key]);
        switch (name)
        {
            case "copy-to":
                var text = command.Parameters.GetValueOrDefault("NETPERF_STDIN", string.Empty);
                _files[Path("PATH")] = Convert.FromBase64String(text.Trim());
                return GuestResult.Ok;
            case "copy-from":
                if (!_files.TryGetValue(Path("PATH"), out var content))
                {
                    return new GuestResult(1, string.Empty, $"stat: cannot statx '{inputs["PATH"]}': No such file or directory\n");
                }

                if (content.Length > long.Parse(inputs["MAX"], CultureInfo.InvariantCulture))
                {
                    return new GuestResult(0, $"size={content.Length} sha256=- spool=-\n");
                }

                var spool = $"/tmp/netperf-rc.{Interlocked.Increment(ref _spools).ToString("x8", CultureInfo.InvariantCulture)}";
                _files[Key(command.ResourceGroup, command.VmName, spool + "/data.gz")] = Gzip(content);
                return new GuestResult(0, $"size={content.Length} sha256={Convert.ToHexStringLower(SHA256.HashData(content))} spool={spool}\n");
            case "read-chunk":
                if (!_files.TryGetValue(Path("FILE"), out var file))
                {
                    return new GuestResult(1, string.Empty, $"stat: cannot statx '{inputs["FILE"]}': No such file or directory\n");
                }

                var offset = (int)Math.Min(long.Parse(inputs["OFFSET"], CultureInfo.InvariantCulture), file.Length);
                var length = Math.Min(int.Parse(inputs["LENGTH"], CultureInfo.InvariantCulture), file.Length - offset);
                if (inputs.GetValueOrDefault("REMOVE") is { Length: > 0 } remove && offset + int.Parse(inputs["LENGTH"], CultureInfo.InvariantCulture) >= file.Length)
                {
                    RemoveFolder(command, remove);
                }

                return new GuestResult(0, $"total={file.Length}\n{Convert.ToBase64String(file, offset, length)}\n");
            case "remove-spool":
                RemoveFolder(command, inputs["REMOVE"]);
                return GuestResult.Ok;
            default:
                return new GuestResult(127, string.Empty, $"unknown built-in {name}\n");
        }
    }

    private void RemoveFolder(GuestCommand command, string folder)
    {
        var prefix = Key(command.ResourceGroup, command.VmName, folder.TrimEnd('/') + "/");
        foreach (var key in _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _files.TryRemove(key, out _);
        }
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
