using System.Globalization;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// Who a process is, beyond its pid (which the kernel recycles): its start time (<c>/proc/&lt;pid&gt;/stat</c> field 22,
/// clock ticks since boot), its arguments and its owner. A process is proven to be one Netperf started only when all of
/// them match what Netperf recorded or wrote down before starting it. Linux only (<see cref="IsSupported"/>).
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>True where processes can be identified (Linux, /proc).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The start time of a running process in clock ticks since boot; <see langword="null"/> when it is gone or a zombie.</summary>
    public static long? StartTicks(int pid)
    {
        // Field 3 is the state, field 22 the start time.
        var fields = StatFields(pid);
        if (fields is null || fields.Length < 20 || fields[0] is "Z" or "X")
        {
            return null;
        }

        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    /// <summary>
    /// The descendants of a running process (children, their children, ...) with their start times; empty when it is gone.
    /// A snapshot: a process forked after it is not in it.
    /// </summary>
    public static IReadOnlyList<(int Pid, long StartTicks)> Descendants(int pid)
    {
        // Where the kernel lists each task's children (CONFIG_PROC_CHILDREN), the tree is read from its members alone;
        // elsewhere every process's parent is read.
        var childrenFile = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task/{pid.ToString(CultureInfo.InvariantCulture)}/children";
        return File.Exists(childrenFile) ? DescendantsFromChildrenFiles(pid) : DescendantsFromParents(pid);
    }

    internal static List<(int Pid, long StartTicks)> DescendantsFromChildrenFiles(int pid)
    {
        var found = new List<(int, long)>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var next))
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories($"/proc/{next.ToString(CultureInfo.InvariantCulture)}/task").ToList();
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (IOException)
                {
                    continue;
                }

                foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var child) && StartTicks(child) is { } started)
                    {
                        found.Add((child, started));
                        pending.Push(child);
                    }
                }
            }
        }

        return found;
    }

    internal static List<(int Pid, long StartTicks)> DescendantsFromParents(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var candidate in All())
        {
            if (ParentId(candidate) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(candidate);
            }
        }

        var found = new List<(int, long)>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var next))
        {
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                if (StartTicks(child) is { } started)
                {
                    found.Add((child, started));
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    /// <summary>True while the process <paramref name="pid"/> that started at <paramref name="startTicks"/> runs (not a recycled pid).</summary>
    public static bool IsAlive(int pid, long startTicks) => StartTicks(pid) == startTicks;

    /// <summary>The start time of this process.</summary>
    public static long CurrentStartTicks() => StartTicks(Environment.ProcessId) ?? 0;

    /// <summary>The start time a process started now would get, or later: the clock-tick count since boot right now.</summary>
    public static long NowTicks()
    {
        // /proc/uptime is seconds with two decimals; USER_HZ is 100 on every Linux architecture .NET runs on.
        var uptime = File.ReadAllText("/proc/uptime").Split(' ')[0];
        return (long)(double.Parse(uptime, CultureInfo.InvariantCulture) * 100);
    }

    /// <summary>The process's arguments (argv, as it shows them now); <see langword="null"/> when it is gone.</summary>
    public static IReadOnlyList<string>? Arguments(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return text.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The parent pid of a live process (<c>/proc/&lt;pid&gt;/stat</c> field 4); <see langword="null"/> when it is gone.</summary>
    public static int? ParentId(int pid)
    {
        var fields = StatFields(pid);
        return fields is { Length: > 1 } && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    /// <summary>The effective user id of a process; <see langword="null"/> when it is gone.</summary>
    public static uint? OwnerId(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var ids = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    return ids.Length > 1 && uint.TryParse(ids[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
                }
            }

            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The pids of every process now running.</summary>
    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>True when <paramref name="arguments"/> holds <paramref name="first"/> directly followed by <paramref name="second"/>.</summary>
    public static bool HasPair(IReadOnlyList<string> arguments, string first, string second)
    {
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == first && arguments[i + 1] == second)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A description for messages that shows no argument (they may hold secrets): <c>1234 (sleep)</c>.</summary>
    public static string Describe(int pid)
    {
        var arguments = Arguments(pid);
        var program = arguments is null ? "gone" : Path.GetFileName(arguments[0].Split(' ')[0]);
        return $"{pid.ToString(CultureInfo.InvariantCulture)} ({program})";
    }

    /// <summary>
    /// The fields of <c>/proc/&lt;pid&gt;/stat</c> after <c>pid (comm) </c>, from field 3 (the state) on: comm may hold
    /// spaces and ')'. <see langword="null"/> when the process is gone.
    /// </summary>
    public static string[]? StatFields(int pid)
    {
        var stat = ReadStat(pid);
        return stat is null ? null : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static string? ReadStat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
