using System.Globalization;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Azure.Remoting.Internal;

/// <summary>
/// Turns a <see cref="RemoteCommand"/> into a run-command script plus protected parameters: each secret
/// in the text is replaced by a reference to a protected parameter (an environment variable on Linux, a
/// script parameter on Windows), because ARM echoes <c>source.script</c> back in every GET.
/// Standard input travels the same way.
/// </summary>
internal static class RunCommandScript
{
    public const string StandardInputParameter = "NETPERF_STDIN";

    public static (string Script, Dictionary<string, string> Protected) Build(RemoteCommand command, OsFamily osFamily)
    {
        var text = command.Text;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var secret in command.Secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct().OrderByDescending(s => s.Length))
        {
            var name = "NETPERF_SECRET_" + (++index).ToString(CultureInfo.InvariantCulture);
            parameters[name] = secret;
            text = text.Replace(secret, osFamily == OsFamily.Windows ? "$" + name : "${" + name + "}", StringComparison.Ordinal);
        }

        if (command.StandardInput is not null)
        {
            parameters[StandardInputParameter] = command.StandardInput;
        }

        var script = osFamily == OsFamily.Windows ? Windows(text, parameters.Keys, command.StandardInput is not null) : Linux(text, command.StandardInput is not null);
        return (script, parameters);
    }

    private static string Linux(string text, bool hasInput) =>
        hasInput
            ? $"#!/bin/bash\nprintf '%s' \"${{{StandardInputParameter}}}\" | {{\n{text}\n}}\n"
            : $"#!/bin/bash\n{text}\n";

    private static string Windows(string text, IEnumerable<string> parameterNames, bool hasInput)
    {
        var names = parameterNames.ToList();
        var header = names.Count == 0 ? string.Empty : "param(" + string.Join(", ", names.Select(n => "[string]$" + n)) + ")\n";
        return hasInput
            ? $"{header}${StandardInputParameter} | & {{\n{text}\n}}\nexit $LASTEXITCODE\n"
            : $"{header}{text}\n";
    }
}
