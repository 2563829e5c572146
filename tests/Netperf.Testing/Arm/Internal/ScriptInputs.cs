using System.Text.RegularExpressions;

namespace Netperf.Testing.Arm.Internal;

/// <summary>Reads the <c>NETPERF_X='v'</c> (bash) and <c>$NETPERF_X = 'v'</c> (PowerShell) input lines of Netperf's scripts.</summary>
internal static partial class ScriptInputs
{
    public static Dictionary<string, string> Parse(string script)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in InputPattern().Matches(script))
        {
            var value = match.Groups["value"].Value;
            inputs[match.Groups["name"].Value] = match.Groups["dollar"].Success
                ? value.Replace("''", "'", StringComparison.Ordinal)
                : value.Replace("'\\''", "'", StringComparison.Ordinal);
        }

        return inputs;
    }

    [GeneratedRegex(@"^(?<dollar>\$)?NETPERF_(?<name>\w+)(?:=| = )'(?<value>.*)'\r?$", RegexOptions.Multiline)]
    private static partial Regex InputPattern();
}
