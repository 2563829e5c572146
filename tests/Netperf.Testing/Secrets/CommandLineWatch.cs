using System.Text;

namespace Netperf.Testing.Secrets;

/// <summary>
/// Records the command line of every process on the machine (<c>/proc/*/cmdline</c>, what <c>ps</c> shows
/// every user), over and over, from <see cref="Start"/> until <see cref="AssertNeverSeenAsync"/>, so that
/// a process that lives a few milliseconds (a <c>sudo</c>, a script) is seen too; the test adds a
/// <see cref="Scan"/> at moments it knows its processes are alive. Secrets are judged at the end, so a
/// secret that a fake hands out mid-flow (a JIT configuration) can be checked as well as a planted one.
/// The pause between scans only spares the CPU; nothing waits on it.
/// </summary>
public sealed class CommandLineWatch : IAsyncDisposable
{
    private readonly IReadOnlyCollection<int> _except;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _scans;

    private CommandLineWatch(IReadOnlyCollection<int> except)
    {
        _except = except;

        // One scan before the flow starts, whatever the thread pool does with the loop.
        Scan();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>How many full scans of the process list completed.</summary>
    public int Scans => Volatile.Read(ref _scans);

    /// <summary>Starts watching every process but <paramref name="except"/> (one the test itself gave a secret as an argument).</summary>
    /// <param name="except">Process ids to leave out.</param>
    /// <returns>The running watch.</returns>
    public static CommandLineWatch Start(params int[] except) => new(except);

    /// <summary>Every process's command line now (<c>pid: arguments</c>), but for <paramref name="except"/>; empty without <c>/proc</c>.</summary>
    /// <param name="except">Process ids to leave out.</param>
    /// <returns>The command lines.</returns>
    public static IReadOnlyList<string> Snapshot(IReadOnlyCollection<int>? except = null)
    {
        var lines = new List<string>();
        if (!Directory.Exists("/proc"))
        {
            return lines;
        }

        // A process the test left out forks before it execs each child: for that instant the fork shows the same
        // command line under a new pid. It is the left-out process's own (the test's doing), not a leak.
        var exceptLines = (except ?? []).Select(CommandLineOf).Where(l => l is { Length: > 0 }).ToHashSet(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || (except is not null && except.Contains(pid)))
            {
                continue;
            }

            try
            {
                var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ').Trim();
                if (text.Length > 0 && !exceptLines.Contains(text))
                {
                    lines.Add($"{pid}: {text}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return lines;
    }

    private static string? CommandLineOf(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Scans once now.</summary>
    public void Scan()
    {
        var lines = Snapshot(_except);
        lock (_seen)
        {
            _seen.UnionWith(lines);
        }

        Interlocked.Increment(ref _scans);
    }

    /// <summary>
    /// Whether any command line seen so far (<c>pid: arguments</c>) holds <paramref name="text"/>: a test shows with it
    /// that the watch saw the processes it is about (a child that lived a second), not only that no secret was seen.
    /// </summary>
    /// <param name="text">The text to look for, such as a child's private argument.</param>
    /// <returns>True when seen.</returns>
    public bool Saw(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        lock (_seen)
        {
            return _seen.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Scans once more, stops, and fails if any command line seen held one of <paramref name="secrets"/>.</summary>
    /// <param name="secrets">The values that must not have been on a command line.</param>
    /// <returns>A task that completes when checked.</returns>
    public async Task AssertNeverSeenAsync(params string[] secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        Assert(secrets.All(s => s.Length >= 8), "a secret to look for must be at least 8 characters (a short one matches by chance)");
        await StopAsync();
        Scan();
        List<string> hits;
        lock (_seen)
        {
            Assert(_seen.Count > 0, "the command-line watch saw no process at all (is /proc mounted?)");
            hits = [.. _seen.Where(line => secrets.Any(s => line.Contains(s, StringComparison.Ordinal)))];
        }

        if (hits.Count > 0)
        {
            var shown = hits.Select(h => secrets.Aggregate(h, (line, s) => line.Replace(s, "<SECRET>", StringComparison.Ordinal)));
            throw new Xunit.Sdk.XunitException(
                $"A secret was on the command line of {hits.Count} process(es) (what ps shows every user):\n" + string.Join('\n', shown));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException(message);
        }
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Scan();
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
