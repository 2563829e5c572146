using Netperf.Core.GitHub;

namespace Netperf.Tool.Cli;

/// <summary>Reads and expands a job matrix file for every verb that takes one (<c>matrix expand</c>, <c>provision</c>, <c>run</c>).</summary>
internal static class MatrixFiles
{
    /// <summary>The expanded matrix of <paramref name="file"/>.</summary>
    /// <exception cref="UsageException">The file is missing, a folder, unreadable, or not a valid matrix.</exception>
    public static async Task<JobMatrixExpansion> ExpandAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            throw new UsageException($"the matrix file '{file.FullName}' is a folder; give the matrix JSON file.");
        }

        try
        {
            return JobMatrix.Expand(await JobMatrix.LoadAsync(file.FullName, cancellationToken).ConfigureAwait(false));
        }
        catch (JobMatrixException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"the matrix file '{file.FullName}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"the matrix file '{file.FullName}' cannot be read: {ex.Message}", ex);
        }
    }
}
