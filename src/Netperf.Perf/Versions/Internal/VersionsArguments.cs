namespace Netperf.Perf.Versions.Internal;

/// <summary>The parsed arguments of <c>versions</c>.</summary>
internal sealed record VersionsArguments
{
    public required string Project { get; init; }

    public required string Property { get; init; }

    public required string BaseVersion { get; init; }

    public required string HeadVersion { get; init; }

    public int Rounds { get; init; } = 3;

    public required string OutputDirectory { get; init; }

    public bool FailOnRegression { get; init; }

    public required IReadOnlyList<string> TestArguments { get; init; }

    public const string Usage =
        "usage: versions --project PATH.csproj --property NAME --base VERSION --head VERSION [--rounds N] [--output DIR] [--fail-on-regression] -- TEST [test options]";

    /// <summary>Parses the arguments; returns an error message instead of throwing.</summary>
    public static (VersionsArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? project = null, property = null, baseVersion = null, headVersion = null, output = null;
        var rounds = 3;
        var failOnRegression = false;
        var separator = -1;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--": separator = i; i = args.Count; break;
                    case "--project": project = Next(); break;
                    case "--property": property = Next(); break;
                    case "--base": baseVersion = Next(); break;
                    case "--head": headVersion = Next(); break;
                    case "--output": output = Next(); break;
                    case "--fail-on-regression": failOnRegression = true; break;
                    case "--rounds":
                        var value = Next();
                        if (!int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out rounds) || rounds < 1 || rounds > 100)
                        {
                            return (null, $"--rounds must be a whole number from 1 to 100, not '{value}'.");
                        }

                        break;
                    default: return (null, $"unknown argument '{args[i]}'. {Usage}");
                }
            }
            catch (FormatException e)
            {
                return (null, $"{e.Message}. {Usage}");
            }
        }

        var missing = new[] { ("--project", project), ("--property", property), ("--base", baseVersion), ("--head", headVersion) }
            .Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            return (null, $"missing {string.Join(", ", missing)}. {Usage}");
        }

        if (separator < 0 || separator == args.Count - 1)
        {
            return (null, $"name the test after '--'. {Usage}");
        }

        if (!File.Exists(project))
        {
            return (null, $"--project: no project file at '{project}'.");
        }

        if (string.Equals(baseVersion, headVersion, StringComparison.Ordinal))
        {
            return (null, "--base and --head are the same version; compare two different versions.");
        }

        return (new VersionsArguments
        {
            Project = Path.GetFullPath(project!),
            Property = property!,
            BaseVersion = baseVersion!,
            HeadVersion = headVersion!,
            Rounds = rounds,
            OutputDirectory = Path.GetFullPath(output ?? Path.Combine("netperf-results", "versions")),
            FailOnRegression = failOnRegression,
            TestArguments = args.Skip(separator + 1).ToList(),
        }, null);
    }
}
