using System.Text;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The line protocol between the parent runner and its child processes (documented in docs/running.md).
/// Parent to child, on the child's standard input: first <c>secrets ARGS64</c> (the secret options and their
/// values, a JSON array, kept off the child's command line), then <c>go STAGE</c>, <c>abort REASON64</c>.
/// Child to parent, on its standard output, prefixed by <see cref="Prefix"/>: <c>done STAGE [JSON64]</c>
/// (with the stage's measurement), <c>sample STAGE JSON64</c>, <c>error STAGE MESSAGE64</c>.
/// Other output lines are the test's own and are forwarded. The child exits when its input ends
/// (the parent is gone), so no child outlives its parent.
/// The runs that <c>compare --ab</c>, <c>compare --legacy</c> and <c>versions</c> start (<see cref="RunArgument"/>)
/// get every test argument in that same first line, and nothing else.
/// </summary>
internal static class ChildProtocol
{
    public const string Prefix = "#netperf-child ";
    public const string ChildArgument = "--netperf-child";

    /// <summary>
    /// The private first argument of a whole run started by another program (<c>--netperf-run TEST</c>), whose test
    /// arguments come in the <see cref="Secrets"/> line: the parent runs another build, whose secret options it cannot tell.
    /// </summary>
    public const string RunArgument = "--netperf-run";

    public static string Go(string stage) => "go " + stage;

    /// <summary>The first line to a child: the arguments that must not be on its command line.</summary>
    public static string Secrets(IReadOnlyList<string> arguments) =>
        "secrets " + Encode(System.Text.Json.JsonSerializer.Serialize(arguments));

    /// <summary>Parses the first line a child reads; throws when it is not <see cref="Secrets"/>.</summary>
    public static IReadOnlyList<string> ParseSecrets(string? line)
    {
        const string Verb = "secrets ";
        if (line is null || !line.StartsWith(Verb, StringComparison.Ordinal))
        {
            // Never echo the line: it may hold what it should have carried.
            throw new FormatException("The child did not receive its arguments from the parent on standard input; children are started by the parent runner only, from the same Netperf build.");
        }

        return System.Text.Json.JsonSerializer.Deserialize<string[]>(Decode(line[Verb.Length..])) ?? [];
    }

    public static string Abort(string reason) => "abort " + Encode(reason);

    public static string Done(string stage, string? json = null) => Prefix + "done " + stage + (json is null ? string.Empty : " " + Encode(json));

    public static string Sample(string stage, string json) => $"{Prefix}sample {stage} {Encode(json)}";

    public static string Error(string stage, string message) => Prefix + "error " + stage + " " + Encode(message);

    public static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    /// <summary>Parses a child's output line; returns null for the test's own output.</summary>
    public static ChildEvent? ParseChildLine(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line[Prefix.Length..].Split(' ');
        return parts switch
        {
            ["done", var stage] => new ChildEvent(ChildEventKind.Done, stage),
            ["done", var stage, var json] => new ChildEvent(ChildEventKind.Done, stage, Text: Decode(json)),
            ["sample", var stage, var json] => new ChildEvent(ChildEventKind.Sample, stage, Text: Decode(json)),
            ["error", var stage, var message] => new ChildEvent(ChildEventKind.Error, stage, Text: Decode(message)),
            _ => throw new FormatException($"A child process wrote an unknown protocol line '{line}'; parent and child must be the same Netperf build."),
        };
    }

    /// <summary>Parses the private argument's value <c>INDEX,COUNT,FIRST,INSTANCES</c>.</summary>
    public static (ProcessShare Share, int ProcessCount) ParseChildArgument(string value)
    {
        var numbers = value.Split(',').Select(int.Parse).ToArray();
        if (numbers.Length != 4)
        {
            throw new FormatException($"The private child argument '{value}' is malformed; children are started by the parent runner only.");
        }

        return (new ProcessShare(numbers[0], numbers[2], numbers[3]), numbers[1]);
    }

    public static string FormatChildArgument(ProcessShare share, int processCount) =>
        $"{share.ProcessIndex},{processCount},{share.FirstInstance},{share.InstanceCount}";
}
