using System.Text;
using System.Text.RegularExpressions;
using Netperf.Core.Pairs;

namespace Netperf.Core.GitHub;

/// <summary>
/// The label scheme that makes a pair's client targetable from <c>runs-on</c>:
/// <c>netperf</c>, <c>os-&lt;image&gt;</c>, <c>env-&lt;environment&gt;</c>, <c>&lt;arch&gt;</c>, <c>io-&lt;io&gt;</c>,
/// <c>pair-&lt;id&gt;</c> and <c>run-&lt;run id&gt;-&lt;attempt&gt;</c>; and the check that refuses labels
/// colliding with GitHub-hosted runner labels. Every scheme label except the architecture carries a prefix,
/// so <c>os-ubuntu-24.04</c> can never be mistaken for the hosted <c>ubuntu-24.04</c>.
/// </summary>
public static partial class RunnerLabels
{
    /// <summary>The label every Netperf runner carries; the janitor only touches runners with it.</summary>
    public const string Netperf = "netperf";

    /// <summary>The longest label accepted.</summary>
    public const int MaxLength = 64;

    private static readonly string[] ReservedDefaults = ["self-hosted"];
    private static readonly string[] OsDefaults = ["linux", "windows", "macos"];
    private static readonly string[] ArchDefaults = ["x64", "arm64", "arm"];

    /// <summary>The OS label for an image, such as <c>os-ubuntu-24.04</c>.</summary>
    /// <param name="image">The OS image of the pair (<see cref="MachineSpec.Image"/>).</param>
    /// <returns>The label.</returns>
    public static string Os(string image) => "os-" + Normalize(image);

    /// <summary>The environment label, such as <c>env-azure</c>.</summary>
    /// <param name="environment">The environment (<c>local</c>, <c>lab</c>, <c>azure</c>).</param>
    /// <returns>The label.</returns>
    public static string Env(string environment) => "env-" + Normalize(environment);

    /// <summary>The I/O model label, such as <c>io-epoll</c>.</summary>
    /// <param name="io">The I/O model dimension of the job matrix.</param>
    /// <returns>The label.</returns>
    public static string Io(string io) => "io-" + Normalize(io);

    /// <summary>The pair label, such as <c>pair-np-1a2b</c>; it makes one pair's client uniquely targetable.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <returns>The label.</returns>
    public static string Pair(string pairId) => "pair-" + Normalize(pairId);

    /// <summary>
    /// The run label, such as <c>run-1234-1</c> (workflow run id and attempt; a leading <c>run-</c> is not repeated).
    /// A run id that names its repository (<c>owner/repo/1234-1</c>, see <see cref="GitHubRunLivenessCheck.FormatRunId"/>)
    /// gives the same label, so a workflow targets it as <c>run-${{ github.run_id }}-${{ github.run_attempt }}</c>.
    /// </summary>
    /// <param name="runId">The run id and attempt, as in the <see cref="OwnershipTags.Run"/> tag.</param>
    /// <returns>The label.</returns>
    public static string Run(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var normalized = Normalize(GitHubRunLivenessCheck.TryParseRunId(runId, out _, out _, out _) ? runId[(runId.LastIndexOf('/') + 1)..] : runId);
        return normalized.StartsWith("run-", StringComparison.Ordinal) ? normalized : "run-" + normalized;
    }

    /// <summary>The architecture label as GitHub spells the default one (<c>x64</c>, <c>arm64</c>), lower-cased.</summary>
    /// <param name="architecture">The architecture (<see cref="MachineSpec.Architecture"/>).</param>
    /// <returns>The label.</returns>
    public static string Architecture(string architecture) => Normalize(architecture) switch
    {
        "amd64" or "x86_64" or "x86-64" => "x64",
        "aarch64" => "arm64",
        var a => a,
    };

    /// <summary>The scheme's labels for a pair's client.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="io">The I/O model dimension, or <see langword="null"/> when the job matrix has none.</param>
    /// <returns>The labels, in scheme order.</returns>
    public static IReadOnlyList<string> ForPair(VmPair pair, string? io = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return ForPair(pair.Id, pair.Spec, pair.RunId, io);
    }

    /// <summary>The scheme's labels for a pair's client, from its parts.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <param name="spec">The pair's spec (image, environment, architecture).</param>
    /// <param name="runId">The run id and attempt, or <see langword="null"/> for none.</param>
    /// <param name="io">The I/O model dimension, or <see langword="null"/>.</param>
    /// <returns>The labels, in scheme order.</returns>
    public static IReadOnlyList<string> ForPair(string pairId, MachineSpec spec, string? runId, string? io = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        ArgumentNullException.ThrowIfNull(spec);
        var labels = new List<string> { Netperf, Os(spec.Image), Env(spec.Environment), Architecture(spec.Architecture) };
        if (!string.IsNullOrWhiteSpace(io))
        {
            labels.Add(Io(io));
        }

        labels.Add(Pair(pairId));
        if (!string.IsNullOrWhiteSpace(runId))
        {
            labels.Add(Run(runId));
        }

        Validate(labels);
        return labels;
    }

    /// <summary>
    /// Says what is wrong with a label, or <see langword="null"/> when it is fine. Refused: empty or
    /// too long labels, characters other than letters, digits, <c>.</c>, <c>-</c>, <c>_</c>; labels of
    /// GitHub-hosted runners (<c>ubuntu-latest</c>, <c>ubuntu-24.04</c>, <c>windows-2022</c>, <c>windows-latest</c>,
    /// <c>macos-*</c>), which would let hosted jobs and Netperf jobs be confused; and <c>self-hosted</c>,
    /// which every self-hosted runner has, so it targets nothing and is added by GitHub itself.
    /// </summary>
    /// <param name="label">The label.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? FindProblem(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return "a label must not be empty";
        }

        if (label.Length > MaxLength)
        {
            return $"'{label}' is longer than {MaxLength} characters";
        }

        if (!LabelSyntax().IsMatch(label))
        {
            return $"'{label}' has characters other than letters, digits, '.', '-' and '_' (config.sh splits labels on commas)";
        }

        var lower = label.ToLowerInvariant();
        if (ReservedDefaults.Contains(lower))
        {
            return $"'{label}' is the default label of every self-hosted runner: it targets no particular machine and GitHub adds it itself; target 'netperf' and 'pair-<id>' instead";
        }

        if (HostedLabel().IsMatch(lower))
        {
            return $"'{label}' is (or looks like) a GitHub-hosted runner label: jobs with runs-on '{label}' would run on GitHub's machines or on this one; use the scheme's prefixed form such as '{Os(label)}'";
        }

        return null;
    }

    /// <summary>Throws when any label is refused by <see cref="FindProblem"/>, naming every offending label.</summary>
    /// <param name="labels">The labels to check.</param>
    /// <exception cref="ArgumentException">One or more labels are refused.</exception>
    public static void Validate(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var problems = labels.Select(FindProblem).OfType<string>().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Runner labels refused: " + string.Join("; ", problems) + ".", nameof(labels));
        }
    }

    /// <summary>The default labels GitHub gives a self-hosted runner on <paramref name="os"/> and <paramref name="architecture"/>.</summary>
    /// <param name="os">The OS: <c>linux</c>, <c>windows</c> or <c>macos</c>.</param>
    /// <param name="architecture">The architecture: <c>x64</c>, <c>arm64</c> or <c>arm</c>.</param>
    /// <returns>Such as <c>self-hosted, Linux, X64</c>.</returns>
    public static IReadOnlyList<string> Defaults(string os, string architecture)
    {
        var osLabel = Normalize(os) switch
        {
            "windows" => "Windows",
            "macos" or "osx" => "macOS",
            _ => "Linux",
        };
        return ["self-hosted", osLabel, Architecture(architecture).ToUpperInvariant()];
    }

    /// <summary>True when <paramref name="label"/> is one of GitHub's default self-hosted labels (OS or architecture included).</summary>
    /// <param name="label">The label.</param>
    /// <returns><see langword="true"/> for <c>self-hosted</c>, <c>Linux</c>, <c>X64</c> and the like.</returns>
    public static bool IsDefault(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var lower = label.ToLowerInvariant();
        return ReservedDefaults.Contains(lower) || OsDefaults.Contains(lower) || ArchDefaults.Contains(lower);
    }

    /// <summary>The value of a runner's <c>pair-</c> label, or <see langword="null"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <returns>The (normalized) pair id.</returns>
    public static string? FindPairId(RunnerInfo runner) => FindValue(runner, "pair-");

    /// <summary>The value of a runner's <c>run-</c> label (run id and attempt), or <see langword="null"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <returns>Such as <c>1234-1</c>.</returns>
    public static string? FindRunId(RunnerInfo runner) => FindValue(runner, "run-");

    /// <summary>The value of a runner's <c>env-</c> label, or <see langword="null"/>.</summary>
    /// <param name="runner">The runner.</param>
    /// <returns>Such as <c>azure</c>.</returns>
    public static string? FindEnvironment(RunnerInfo runner) => FindValue(runner, "env-");

    /// <summary>Lower-cases a value and replaces anything but letters, digits, '.', '_' and '-' with '-'.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The label-safe value.</returns>
    public static string Normalize(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        return builder.ToString();
    }

    private static string? FindValue(RunnerInfo runner, string prefix)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var label = runner.Labels.FirstOrDefault(l => l.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && l.Name.Length > prefix.Length);
        return label?.Name[prefix.Length..].ToLowerInvariant();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex LabelSyntax();

    [GeneratedRegex(@"^(ubuntu-(latest|slim|\d{2}\.\d{2})(-arm)?|windows-(latest|\d{4}|11-arm)(-.*)?|macos-.*)$")]
    private static partial Regex HostedLabel();
}
