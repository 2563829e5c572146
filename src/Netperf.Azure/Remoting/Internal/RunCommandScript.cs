using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Azure.Remoting.Internal;

/// <summary>
/// The scripts <see cref="AzureRunCommandShell"/> sends through managed Run Command, and the reading of what
/// comes back. Two facts of the real service shape them: <c>instanceView</c> keeps only the last 4 KB of the
/// output and of the error, and the reported <c>executionState</c>/<c>exitCode</c> may not be the script's own
/// (a script that exited 5 has been reported as Failed with exit code 3 and no output). So every command runs
/// inside a wrapper that writes the script to a file in a private spool folder on the VM, runs it with its
/// output and error captured to files, prints each one only when it fits, keeps (gzipped) what does not for
/// chunked reads, and ends with an in-band trailer <c>NETPERF_RC=code OUT=bytes ERR=bytes SPOOL=folder</c>:
/// the exit code that counts. Each secret of the command is replaced by a reference to a protected parameter
/// (an environment variable on Linux, a script parameter on Windows), because ARM echoes <c>source.script</c>
/// back in every GET; standard input travels the same way. Paths and other values are quoted for the shell.
/// </summary>
internal static class RunCommandScript
{
    public const string StandardInputParameter = "NETPERF_STDIN";

    /// <summary>The first line of every wrapped script (a fake VM recognises the wrapper by it).</summary>
    public const string WrapperMarker = "# netperf-run-command v1";

    /// <summary>The line before the embedded script text.</summary>
    public const string ScriptBegin = "# netperf-script-begin";

    /// <summary>The line after the embedded script text.</summary>
    public const string ScriptEnd = "# netperf-script-end";

    /// <summary>Output or error up to this many bytes is printed inline (with the trailer it fits the 4 KB tail); more is kept in the spool folder for chunked reads.</summary>
    public const int InlineLimit = 3900;

    /// <summary>How much of a stream that did not fit is printed inline anyway (its tail), so its end is known even unfetched.</summary>
    public const int TailBytes = 1500;

    /// <summary>Bytes per chunk read: 3840 characters of base64, which fit the 4 KB tail with the trailer.</summary>
    public const int ChunkBytes = 2880;

    private const string Trailer = "NETPERF_RC=";

    public static (string Script, Dictionary<string, string> Protected) Wrap(RemoteCommand command, OsFamily osFamily)
    {
        var text = command.Text;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var secret in command.Secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct().OrderByDescending(s => s.Length))
        {
            var name = "NETPERF_SECRET_" + (++index).ToString(CultureInfo.InvariantCulture);
            parameters[name] = secret;
            text = text.Replace(secret, osFamily == OsFamily.Windows ? "$" + name : "${" + name + "}", StringComparison.Ordinal);
        }

        if (command.StandardInput is not null)
        {
            parameters[StandardInputParameter] = command.StandardInput;
        }

        var script = osFamily == OsFamily.Windows
            ? Windows(text, parameters.Keys, command.StandardInput is not null)
            : Linux(text, parameters.Keys, command.StandardInput is not null);
        return (script, parameters);
    }

    /// <summary>Writes standard input (base64) to <paramref name="remotePath"/>.</summary>
    public static string CopyTo(OsFamily os, string remotePath) => os == OsFamily.Windows
        ? Builtin("copy-to", os, ("PATH", remotePath)) + "[IO.File]::WriteAllBytes($NETPERF_PATH, [Convert]::FromBase64String((@($input) -join '').Trim()))\n"
        : Builtin("copy-to", os, ("PATH", remotePath)) + "set -e\nbase64 -d > \"$NETPERF_PATH\"\n";

    /// <summary>Gzips <paramref name="remotePath"/> (when not larger than <paramref name="maxBytes"/>) into a new spool folder and prints <c>size=N sha256=H spool=F</c>.</summary>
    public static string PrepareCopyFrom(OsFamily os, string remotePath, long maxBytes) => os == OsFamily.Windows
        ? Builtin("copy-from", os, ("PATH", remotePath), ("MAX", Number(maxBytes))) + """
            $ErrorActionPreference = 'Stop'
            $size = (Get-Item -LiteralPath $NETPERF_PATH).Length
            if ($size -gt [long]$NETPERF_MAX) { "size=$size sha256=- spool=-"; exit 0 }
            $spool = Join-Path ([IO.Path]::GetTempPath()) ('netperf-rc.' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
            New-Item -ItemType Directory -Force -Path $spool | Out-Null
            $in = [IO.File]::OpenRead($NETPERF_PATH)
            $out = [IO.File]::Create((Join-Path $spool 'data.gz'))
            $zip = New-Object IO.Compression.GZipStream($out, [IO.Compression.CompressionMode]::Compress)
            $in.CopyTo($zip); $zip.Dispose(); $out.Dispose(); $in.Dispose()
            $hash = (Get-FileHash -Algorithm SHA256 -LiteralPath $NETPERF_PATH).Hash.ToLowerInvariant()
            "size=$size sha256=$hash spool=$spool"

            """
        : Builtin("copy-from", os, ("PATH", remotePath), ("MAX", Number(maxBytes))) + """
            set -e
            size=$(stat -c %s -- "$NETPERF_PATH")
            if [ "$size" -gt "$NETPERF_MAX" ]; then echo "size=$size sha256=- spool=-"; exit 0; fi
            spool=$(mktemp -d /tmp/netperf-rc.XXXXXXXX)
            gzip -n -c -- "$NETPERF_PATH" > "$spool/data.gz"
            echo "size=$size sha256=$(sha256sum -- "$NETPERF_PATH" | cut -d' ' -f1) spool=$spool"

            """;

    /// <summary>Prints <c>total=N</c> and the base64 of up to <paramref name="length"/> bytes of <paramref name="file"/> from <paramref name="offset"/>; removes <paramref name="removeFolder"/> afterwards when given and the file's end was reached.</summary>
    public static string ReadChunk(OsFamily os, string file, long offset, int length, string? removeFolder) => os == OsFamily.Windows
        ? Builtin("read-chunk", os, ("FILE", file), ("OFFSET", Number(offset)), ("LENGTH", Number(length)), ("REMOVE", removeFolder ?? string.Empty)) + """
            $ErrorActionPreference = 'Stop'
            $f = [IO.File]::OpenRead($NETPERF_FILE)
            "total=$($f.Length)"
            [void]$f.Seek([long]$NETPERF_OFFSET, 'Begin')
            $buffer = New-Object byte[] ([int]$NETPERF_LENGTH)
            $read = 0
            while ($read -lt $buffer.Length) { $n = $f.Read($buffer, $read, $buffer.Length - $read); if ($n -le 0) { break }; $read += $n }
            $last = [long]$NETPERF_OFFSET + $read -ge $f.Length
            $f.Dispose()
            [Convert]::ToBase64String($buffer, 0, $read)
            if ($NETPERF_REMOVE -and $last) { Remove-Item -Recurse -Force -LiteralPath $NETPERF_REMOVE }

            """
        : Builtin("read-chunk", os, ("FILE", file), ("OFFSET", Number(offset)), ("LENGTH", Number(length)), ("REMOVE", removeFolder ?? string.Empty)) + """
            set -e
            total=$(stat -c %s -- "$NETPERF_FILE")
            echo "total=$total"
            tail -c +$((NETPERF_OFFSET + 1)) -- "$NETPERF_FILE" | head -c "$NETPERF_LENGTH" | base64 -w0; echo
            if [ -n "$NETPERF_REMOVE" ] && [ $((NETPERF_OFFSET + NETPERF_LENGTH)) -ge "$total" ]; then rm -rf -- "$NETPERF_REMOVE"; fi

            """;

    /// <summary>Removes a spool folder (after its chunks were read, or when reading them was given up).</summary>
    public static string RemoveSpool(OsFamily os, string folder) => os == OsFamily.Windows
        ? Builtin("remove-spool", os, ("REMOVE", folder)) + "Remove-Item -Recurse -Force -LiteralPath $NETPERF_REMOVE -ErrorAction SilentlyContinue\n"
        : Builtin("remove-spool", os, ("REMOVE", folder)) + "rm -rf -- \"$NETPERF_REMOVE\"\n";

    /// <summary>A script that does nothing: sent under the shell's run-command name to stop a command that was cancelled.</summary>
    public static string Stop(OsFamily os) => os == OsFamily.Windows ? "# netperf-stop\nexit 0\n" : "#!/bin/bash\n# netperf-stop\nexit 0\n";

    /// <summary>Reads the wrapper's trailer off the end of the output; <see langword="null"/> when it is missing (the wrapper did not finish).</summary>
    public static WrapperTrailer? ParseTrailer(string output)
    {
        var text = output.Replace("\r\n", "\n", StringComparison.Ordinal);
        var at = text.LastIndexOf(Trailer, StringComparison.Ordinal);
        if (at < 0 || (at > 0 && text[at - 1] != '\n') || text[at..].TrimEnd('\n', ' ').Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        var fields = text[at..].TrimEnd('\n', ' ').Split(' ', 4);
        if (fields.Length != 4
            || !int.TryParse(Value(fields[0], "NETPERF_RC"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            || !long.TryParse(Value(fields[1], "OUT"), NumberStyles.None, CultureInfo.InvariantCulture, out var outBytes)
            || !long.TryParse(Value(fields[2], "ERR"), NumberStyles.None, CultureInfo.InvariantCulture, out var errBytes)
            || Value(fields[3], "SPOOL") is not { Length: > 0 } spool)
        {
            return null;
        }

        // The wrapper prints a newline before the trailer, so the script's own output ends just before it.
        return new WrapperTrailer(code, outBytes, errBytes, spool, at > 0 ? text[..(at - 1)] : string.Empty);
    }

    /// <summary>The spool file that holds a stream that did not fit (<c>out.gz</c>, <c>err.gz</c>); Windows takes the forward slash too.</summary>
    public static string SpoolFile(string spool, string name) => $"{spool.TrimEnd('/', '\\')}/{name}.gz";

    private static string Linux(string text, IEnumerable<string> parameterNames, bool hasInput)
    {
        var delimiter = "NETPERF_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var exports = string.Join(' ', parameterNames);
        var body = new StringBuilder()
            .Append("#!/bin/bash\n")
            .Append(WrapperMarker).Append('\n')
            .Append(exports.Length > 0 ? $"export {exports}\n" : string.Empty)
            .Append("netperf_spool=$(mktemp -d /tmp/netperf-rc.XXXXXXXX) || exit 125\n")
            .Append(ScriptBegin).Append('\n')
            .Append("cat > \"$netperf_spool/script\" <<'").Append(delimiter).Append("'\n")
            .Append(text.EndsWith('\n') ? text : text + "\n")
            .Append(delimiter).Append('\n')
            .Append(ScriptEnd).Append('\n')
            .Append(hasInput
                ? $"printf '%s' \"${StandardInputParameter}\" | bash \"$netperf_spool/script\" >\"$netperf_spool/out\" 2>\"$netperf_spool/err\"\n"
                : "bash \"$netperf_spool/script\" </dev/null >\"$netperf_spool/out\" 2>\"$netperf_spool/err\"\n")
            .Append(CultureInfo.InvariantCulture, $$"""
                netperf_rc=$?
                netperf_out=$(stat -c %s "$netperf_spool/out")
                netperf_err=$(stat -c %s "$netperf_spool/err")
                netperf_keep=0
                if [ "$netperf_out" -le {{InlineLimit}} ]; then cat "$netperf_spool/out"; else tail -c {{TailBytes}} "$netperf_spool/out"; gzip -n -c "$netperf_spool/out" > "$netperf_spool/out.gz"; netperf_keep=1; fi
                if [ "$netperf_err" -le {{InlineLimit}} ]; then cat "$netperf_spool/err" >&2; else tail -c {{TailBytes}} "$netperf_spool/err" >&2; gzip -n -c "$netperf_spool/err" > "$netperf_spool/err.gz"; netperf_keep=1; fi
                if [ "$netperf_keep" = 1 ]; then rm -f "$netperf_spool/script" "$netperf_spool/out" "$netperf_spool/err"; else rm -rf "$netperf_spool"; fi
                printf '\nNETPERF_RC=%s OUT=%s ERR=%s SPOOL=%s\n' "$netperf_rc" "$netperf_out" "$netperf_err" "$netperf_spool"
                exit "$netperf_rc"

                """);
        if (text.Contains(delimiter, StringComparison.Ordinal))
        {
            throw new ArgumentException("The script contains the wrapper's random delimiter; send it again.", nameof(text));
        }

        return body.ToString();
    }

    private static string Windows(string text, IEnumerable<string> parameterNames, bool hasInput)
    {
        if (text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Any(l => l.StartsWith("'@", StringComparison.Ordinal)))
        {
            throw new ArgumentException("A PowerShell script sent through Run Command may not have a line starting with '@ (it ends the here-string that carries it).", nameof(text));
        }

        var names = parameterNames.ToList();
        var body = new StringBuilder()
            .Append(WrapperMarker).Append('\n')
            .Append(names.Count == 0 ? string.Empty : "param(" + string.Join(", ", names.Select(n => "[string]$" + n)) + ")\n")
            .Append("""
                $PSDefaultParameterValues['Out-File:Encoding'] = 'utf8'
                $netperfSpool = Join-Path ([IO.Path]::GetTempPath()) ('netperf-rc.' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
                New-Item -ItemType Directory -Force -Path $netperfSpool | Out-Null
                $netperfScript = Join-Path $netperfSpool 'script.ps1'

                """)
            .Append(ScriptBegin).Append('\n')
            .Append("$netperfText = @'\n")
            .Append(text.EndsWith('\n') ? text : text + "\n")
            .Append("'@\n")
            .Append(ScriptEnd).Append('\n')
            .Append(CultureInfo.InvariantCulture, $$"""
                [IO.File]::WriteAllText($netperfScript, $netperfText, (New-Object Text.UTF8Encoding $true))
                $netperfOut = Join-Path $netperfSpool 'out'
                $netperfErr = Join-Path $netperfSpool 'err'
                $global:LASTEXITCODE = 0
                $netperfRc = 0
                try {
                  {{(hasInput ? "$" + StandardInputParameter + " | " : string.Empty)}}& $netperfScript > $netperfOut 2> $netperfErr
                  $netperfRc = $LASTEXITCODE
                } catch {
                  $_ | Out-String | Add-Content -LiteralPath $netperfErr
                  $netperfRc = 1
                }
                if ($null -eq $netperfRc) { $netperfRc = 0 }
                function NetperfSize($path) { if (Test-Path -LiteralPath $path) { (Get-Item -LiteralPath $path).Length } else { 0 } }
                function NetperfZip($path) {
                  $in = [IO.File]::OpenRead($path); $out = [IO.File]::Create("$path.gz")
                  $zip = New-Object IO.Compression.GZipStream($out, [IO.Compression.CompressionMode]::Compress)
                  $in.CopyTo($zip); $zip.Dispose(); $out.Dispose(); $in.Dispose()
                }
                $netperfOutBytes = NetperfSize $netperfOut
                $netperfErrBytes = NetperfSize $netperfErr
                $netperfKeep = $false
                function NetperfTail($path) { $text = [IO.File]::ReadAllText($path); if ($text.Length -gt {{TailBytes}}) { $text.Substring($text.Length - {{TailBytes}}) } else { $text } }
                if ($netperfOutBytes -le {{InlineLimit}}) { if ($netperfOutBytes -gt 0) { [Console]::Out.Write([IO.File]::ReadAllText($netperfOut)) } } else { [Console]::Out.Write((NetperfTail $netperfOut)); NetperfZip $netperfOut; $netperfKeep = $true }
                if ($netperfErrBytes -le {{InlineLimit}}) { if ($netperfErrBytes -gt 0) { [Console]::Error.Write([IO.File]::ReadAllText($netperfErr)) } } else { [Console]::Error.Write((NetperfTail $netperfErr)); NetperfZip $netperfErr; $netperfKeep = $true }
                if ($netperfKeep) { Remove-Item -Force -LiteralPath $netperfScript, $netperfOut, $netperfErr -ErrorAction SilentlyContinue } else { Remove-Item -Recurse -Force -LiteralPath $netperfSpool }
                [Console]::Out.Write("`nNETPERF_RC=$netperfRc OUT=$netperfOutBytes ERR=$netperfErrBytes SPOOL=$netperfSpool`n")
                exit $netperfRc

                """);
        return body.ToString();
    }

    /// <summary>A built-in helper script: a <c># netperf-builtin: name</c> header and its inputs as quoted <c>NETPERF_X</c> values.</summary>
    private static string Builtin(string name, OsFamily os, params (string Name, string Value)[] inputs)
    {
        var text = new StringBuilder("# netperf-builtin: ").Append(name).Append('\n');
        foreach (var (key, value) in inputs)
        {
            text.Append(os == OsFamily.Windows ? "$NETPERF_" : "NETPERF_").Append(key).Append(os == OsFamily.Windows ? " = " : "=")
                .Append(ShellQuoting.For(os, value)).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Value(string field, string name) =>
        field.StartsWith(name + "=", StringComparison.Ordinal) ? field[(name.Length + 1)..] : null;
}
