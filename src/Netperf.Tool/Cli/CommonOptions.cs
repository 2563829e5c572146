using System.CommandLine;

namespace Netperf.Tool.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to stdout (for workflows)." };

    public static Option<string?> Environment(string description) => new("--env", "-e") { Description = description };
}
