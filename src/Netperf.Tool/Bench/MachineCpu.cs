using System.Globalization;

namespace Netperf.Tool.Bench;

/// <summary>
/// The CPU time this whole machine spent busy (every process: netperf, ssh, sshd, the shells, the fakes), from the
/// kernel's counters in <c>/proc/stat</c>. A measurement's figure is the difference of two readings, so it also counts
/// whatever else ran meanwhile: on a quiet machine that is the pairs' work. Linux only; elsewhere there is no reading.
/// </summary>
internal static class MachineCpu
{
    /// <summary>Clock ticks per second of <c>/proc/stat</c> (<c>USER_HZ</c>, fixed at 100 for user space on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The machine's busy CPU seconds since boot, or null where <c>/proc/stat</c> cannot be read.</summary>
    public static double? BusySeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader("/proc/stat");
            return reader.ReadLine() is { } line ? ParseBusySeconds(line) : null;
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

    /// <summary>
    /// The busy seconds of the all-CPU line of <c>/proc/stat</c> (<c>cpu user nice system idle iowait irq softirq steal
    /// guest guest_nice</c>): user, nice, system, irq, softirq and steal; idle and iowait are not busy, and guest time
    /// is already part of user. Null when the line is not that line.
    /// </summary>
    public static double? ParseBusySeconds(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[0] != "cpu")
        {
            return null;
        }

        long busy = 0;
        foreach (var index in (ReadOnlySpan<int>)[1, 2, 3, 6, 7, 8])
        {
            if (index >= fields.Length)
            {
                continue;
            }

            if (!long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return null;
            }

            busy += ticks;
        }

        return busy / TicksPerSecond;
    }

    /// <summary>
    /// The lowest ratio time(most pairs) / time(fewest pairs) this machine allows at the CPU measured: the most pairs
    /// cannot be ready before their CPU seconds, spread perfectly over <paramref name="cores"/>, have run. Null when a
    /// figure is missing or the fewest pairs' time is not positive.
    /// </summary>
    /// <param name="cpuSecondsAtMost">The machine's busy CPU seconds while the most pairs were made (median of rounds).</param>
    /// <param name="cores">The machine's cores.</param>
    /// <param name="readySecondsAtFewest">The time to the fewest pairs (median of rounds).</param>
    public static double? FloorRatio(double? cpuSecondsAtMost, int cores, double readySecondsAtFewest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        return cpuSecondsAtMost is { } cpu && readySecondsAtFewest > 0 ? cpu / cores / readySecondsAtFewest : null;
    }
}
