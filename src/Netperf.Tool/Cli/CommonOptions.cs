using System.CommandLine;

namespace Netperf.Tool.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to stdout (for workflows)." };

    public static Option<string?> Environment(string description) => NotBlank(new Option<string?>("--env", "-e") { Description = description });

    /// <summary>
    /// Refuses an empty or blank value (<c>--run ""</c>, an unset <c>$VARIABLE</c> in a workflow) as a usage error, where
    /// leaving the option out would mean its default: a name, tag or id that is blank is never what was meant.
    /// </summary>
    public static T NotBlank<T>(T option)
        where T : Option
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                r.AddError($"{option.Name} must not be empty; give a value or leave the option out.");
            }
        });
        return option;
    }
}
