namespace Netperf.Perf.Results.Internal;

/// <summary>
/// Checks a <c>--results-file</c> before the run, so a path that can never be written is a usage error at once, not
/// an exception after a run of many minutes whose results are then lost. A folder that does not exist yet is fine:
/// <see cref="PerfResultsFile.WriteAsync"/> creates it after the run.
/// </summary>
internal static class ResultsFileTarget
{
    /// <summary>What keeps <paramref name="path"/> from being written, or <see langword="null"/> when nothing does.</summary>
    /// <param name="path">The <c>--results-file</c> value.</param>
    /// <returns>The problem, for "Option '--results-file' ..."; null when the file can be written.</returns>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            return "must not be empty; give a file path or leave the option out";
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{path}' is not a file path: {ex.Message}";
        }

        if (Directory.Exists(full))
        {
            return $"'{path}' is a folder; give a file path such as {Path.Combine(path, "results.json")}";
        }

        // The nearest folder that exists is where the file (or the folders above it) will be created: it must be a
        // folder, and writable.
        var folder = Path.GetDirectoryName(full);
        while (folder is not null && !Directory.Exists(folder))
        {
            if (File.Exists(folder))
            {
                return $"'{path}' cannot be created: '{folder}' is a file, not a folder";
            }

            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null)
        {
            return $"'{path}' has no folder that exists";
        }

        return File.Exists(full) ? CannotOpen(path, full) : CannotCreateIn(path, folder);
    }

    private static string? CannotOpen(string path, string full)
    {
        try
        {
            // Opening for writing changes nothing; the file is replaced only after the run.
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be written: {ex.Message}";
        }
    }

    private static string? CannotCreateIn(string path, string folder)
    {
        var probe = Path.Combine(folder, $".netperf-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be written: nothing can be created in '{folder}'" + (ex is UnauthorizedAccessException ? " (permission denied)" : string.Empty);
        }
    }
}
