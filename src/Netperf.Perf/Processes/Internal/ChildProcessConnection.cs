using System.Diagnostics;
using System.Reflection;

namespace Netperf.Perf.Processes.Internal;

/// <summary>A real child: the same executable started with the private <c>--netperf-child</c> argument.</summary>
internal sealed class ChildProcessConnection : IChildConnection
{
    private readonly Process _process;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private ChildProcessConnection(int index, Process process)
    {
        Index = index;
        _process = process;
        Name = $"child {index} (pid {process.Id})";
    }

    public int Index { get; }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a child for <paramref name="share"/> with the parent's public <paramref name="arguments"/> on its
    /// command line, the <paramref name="secretArguments"/> as the first line of its standard input, and the
    /// test's <paramref name="environment"/>.
    /// </summary>
    public static ChildProcessConnection Start(ProcessShare share, int processCount, IReadOnlyList<string> arguments, IReadOnlyList<string> secretArguments, IEnumerable<KeyValuePair<string, string>> environment, Action<int, string> onError)
    {
        var (fileName, prefix) = ResolveSelf();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in prefix)
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add(ChildProtocol.ChildArgument);
        info.ArgumentList.Add(ChildProtocol.FormatChildArgument(share, processCount));
        info.Environment["NETPERF_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Plug-ins that write one file per process (--profile) name it by this.
        info.Environment["NETPERF_PROCESS_INDEX"] = share.ProcessIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onError(share.ProcessIndex, e.Data);
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start child process {share.ProcessIndex} ({fileName}); check that the test executable can start itself.");
        }

        process.BeginErrorReadLine();
        try
        {
            // The child reads this line before anything else; a pipe holds it whether or not the child is reading yet.
            process.StandardInput.WriteLine(ChildProtocol.Secrets(secretArguments));
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The child died at once; the coordinator reports its exit.
        }

        return new ChildProcessConnection(share.ProcessIndex, process);
    }

    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();

    public async Task<bool> SendAsync(string line, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process.HasExited)
            {
                return false;
            }

            await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The command that starts this program again: the apphost, or <c>dotnet app.dll</c>.</summary>
    internal static (string FileName, string[] Prefix) ResolveSelf()
    {
        var processPath = Environment.ProcessPath
            ?? throw new InvalidOperationException("The runner cannot find its own executable to start child processes; run with --processes 1.");
        var name = Path.GetFileNameWithoutExtension(processPath);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry))
            {
                throw new InvalidOperationException("The runner runs under 'dotnet' but cannot find its entry assembly to start child processes; run with --processes 1.");
            }

            return (processPath, [entry]);
        }

        return (processPath, []);
    }
}
