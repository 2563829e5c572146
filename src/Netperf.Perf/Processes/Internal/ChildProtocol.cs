using System.Text;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The line protocol between the parent runner and its child processes (documented in docs/running.md).
/// Parent to child, on the child's standard input: <c>go STAGE</c>, <c>abort REASON64</c>.
/// Child to parent, on its standard output, prefixed by <see cref="Prefix"/>: <c>done STAGE</c>,
/// <c>sample STAGE ELAPSED_MS COMPLETED</c>, <c>result JSON64</c>, <c>error STAGE MESSAGE64</c>.
/// Other output lines are the test's own and are forwarded. The child exits when its input ends
/// (the parent is gone), so no child outlives its parent.
/// </summary>
internal static class ChildProtocol
{
    public const string Prefix = "#netperf-child ";
    public const string ChildArgument = "--netperf-child";

    public static string Go(string stage) => "go " + stage;

    public static string Abort(string reason) => "abort " + Encode(reason);

    public static string Done(string stage) => Prefix + "done " + stage;

    public static string Sample(string stage, long elapsedMilliseconds, long completed) => $"{Prefix}sample {stage} {elapsedMilliseconds} {completed}";

    public static string Result(string json) => Prefix + "result " + Encode(json);

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
            ["sample", var stage, var ms, var completed] => new ChildEvent(ChildEventKind.Sample, stage, long.Parse(ms), long.Parse(completed)),
            ["result", var json] => new ChildEvent(ChildEventKind.Result, string.Empty, Text: Decode(json)),
            ["error", var stage, var message] => new ChildEvent(ChildEventKind.Error, stage, Text: Decode(message)),
            _ => throw new FormatException($"A child process wrote an unknown protocol line '{line}'; parent and child must be the same Netperf build."),
        };
    }

    /// <summary>Parses the private argument: <c>--netperf-child INDEX,COUNT,FIRST,INSTANCES</c>.</summary>
    public static bool TryExtractChildArgument(string[] args, out ProcessShare? share, out int processCount, out string[] remaining)
    {
        var at = Array.IndexOf(args, ChildArgument);
        share = null;
        processCount = 0;
        remaining = args;
        if (at < 0 || at + 1 >= args.Length)
        {
            return false;
        }

        var numbers = args[at + 1].Split(',').Select(int.Parse).ToArray();
        share = new ProcessShare(numbers[0], numbers[2], numbers[3]);
        processCount = numbers[1];
        remaining = [.. args[..at], .. args[(at + 2)..]];
        return true;
    }

    public static string FormatChildArgument(ProcessShare share, int processCount) =>
        $"{share.ProcessIndex},{processCount},{share.FirstInstance},{share.InstanceCount}";
}
