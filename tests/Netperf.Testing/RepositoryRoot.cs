namespace Netperf.Testing;

/// <summary>Finds the repository root (the folder holding Netperf.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    /// <summary>Returns the repository root or throws when the tests run outside a checkout.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Netperf.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Netperf.sln above {AppContext.BaseDirectory}; run the tests from a checkout.");
    }
}
