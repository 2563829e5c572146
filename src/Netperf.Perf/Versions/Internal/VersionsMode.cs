using System.Globalization;
using Netperf.Perf.Hosting;
using Netperf.Perf.Hosting.Internal;

namespace Netperf.Perf.Versions.Internal;

/// <summary>
/// <c>versions</c>: builds one perf-test project against two versions of the code under test (an
/// MSBuild property selects the version), runs both builds with the same options in alternation
/// for N rounds, then hands the two sets of results files to <c>compare</c> for a verdict.
/// Alternating base/head (and swapping who goes first each round) spreads drift of the machine
/// over both sides instead of charging it to one.
/// </summary>
internal sealed class VersionsMode : IPerfProgramMode
{
    public string Name => "versions";

    public string Description => "Build a test project against two versions of a dependency and compare them (versions --help).";

    public bool Hidden => false;

    public async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Count > 0 && arguments[0] is "--help" or "-h" or "-?")
        {
            await context.Output.WriteLineAsync(VersionsArguments.Usage).ConfigureAwait(false);
            return PerfExitCodes.Success;
        }

        // No arguments is bad input like any other: one line on stderr naming what is missing (stdout is for results).
        var (parsed, error) = VersionsArguments.Parse(arguments);
        if (parsed is null)
        {
            await context.Error.WriteLineAsync($"versions: {error}").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        Directory.CreateDirectory(parsed.OutputDirectory);
        var builds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var version in new[] { parsed.BaseVersion, parsed.HeadVersion })
        {
            var entry = await BuildAsync(context, parsed, version, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return PerfExitCodes.TestFailed;
            }

            builds[version] = entry;
        }

        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [parsed.BaseVersion] = [],
            [parsed.HeadVersion] = [],
        };
        for (var round = 1; round <= parsed.Rounds; round++)
        {
            var order = round % 2 == 1
                ? new[] { parsed.BaseVersion, parsed.HeadVersion }
                : new[] { parsed.HeadVersion, parsed.BaseVersion };
            foreach (var version in order)
            {
                var results = Path.Combine(parsed.OutputDirectory, $"{Sanitize(version)}-round{round}.json");
                await context.Output.WriteLineAsync($"versions: round {round}/{parsed.Rounds}, {parsed.Property}={version}").ConfigureAwait(false);
                var (code, output) = await DotnetCli.RunTestAsync(
                    "dotnet",
                    [builds[version]],
                    parsed.TestArguments[0],
                    [.. AnchorResponseFiles(parsed.TestArguments.Skip(1), Directory.GetCurrentDirectory()), "--results-file", results],
                    Path.GetDirectoryName(parsed.Project)!,
                    cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    await context.Error.WriteLineAsync($"versions: the run with {parsed.Property}={version} failed (exit {code}):\n{output}").ConfigureAwait(false);
                    return PerfExitCodes.TestFailed;
                }

                files[version].Add(results);
            }
        }

        var compare = context.Modes
            .FirstOrDefault(m => string.Equals(m.Name, "compare", StringComparison.OrdinalIgnoreCase));
        if (compare is null)
        {
            await context.Error.WriteLineAsync("versions: no 'compare' mode is available to judge the results.").ConfigureAwait(false);
            return PerfExitCodes.TestFailed;
        }

        List<string> compareArguments = [.. CompareArgumentsFor(files[parsed.BaseVersion], files[parsed.HeadVersion])];
        if (parsed.FailOnRegression)
        {
            compareArguments.Add("--fail-on-regression");
        }

        await context.Output.WriteLineAsync($"versions: base {parsed.Property}={parsed.BaseVersion}, head {parsed.Property}={parsed.HeadVersion}").ConfigureAwait(false);
        return await compare.RunAsync(context, compareArguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="arguments"/> with each response file (<c>@file</c>, the way to pass a secret option) made
    /// absolute from <paramref name="folder"/>: the user named it from there, and the runs start in the project's folder.
    /// </summary>
    internal static IReadOnlyList<string> AnchorResponseFiles(IEnumerable<string> arguments, string folder) =>
        [.. arguments.Select(a => a.Length > 1 && a[0] == '@' ? "@" + Path.GetFullPath(a[1..], folder) : a)];

    /// <summary>The compare mode's syntax for several files per side.</summary>
    internal static IEnumerable<string> CompareArgumentsFor(IReadOnlyList<string> baseFiles, IReadOnlyList<string> headFiles) =>
        [.. baseFiles, "--vs", .. headFiles];

    private static async Task<string?> BuildAsync(PerfProgramContext context, VersionsArguments parsed, string version, CancellationToken cancellationToken)
    {
        var output = Path.Combine(parsed.OutputDirectory, "build-" + Sanitize(version));
        await context.Output.WriteLineAsync($"versions: building {Path.GetFileName(parsed.Project)} with {parsed.Property}={version}").ConfigureAwait(false);
        var (code, log) = await DotnetCli.RunAsync(
            ["build", parsed.Project, "-c", "Release", "-nologo", "-v:q", $"-p:{parsed.Property}={version}", "-o", output],
            Path.GetDirectoryName(parsed.Project)!,
            cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            await context.Error.WriteLineAsync($"versions: building with {parsed.Property}={version} failed (exit {code}):\n{log}").ConfigureAwait(false);
            return null;
        }

        var (nameCode, assemblyName) = await DotnetCli.RunAsync(
            ["msbuild", parsed.Project, "-getProperty:AssemblyName", "-nologo", $"-p:{parsed.Property}={version}"],
            Path.GetDirectoryName(parsed.Project)!,
            cancellationToken).ConfigureAwait(false);
        var entry = Path.Combine(output, (nameCode == 0 ? assemblyName.Trim() : Path.GetFileNameWithoutExtension(parsed.Project)) + ".dll");
        if (!File.Exists(entry))
        {
            await context.Error.WriteLineAsync($"versions: the build with {parsed.Property}={version} produced no {entry}.").ConfigureAwait(false);
            return null;
        }

        return entry;
    }

    private static string Sanitize(string version) =>
        string.Concat(version.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_')).ToString(CultureInfo.InvariantCulture);
}
