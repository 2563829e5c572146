namespace Netperf.Perf;

/// <summary>
/// Marks a property of a <see cref="PerfOptions"/> class as a command-line option. The property's
/// initial value is the default shown in <c>--help</c>; DataAnnotations attributes on it
/// (<c>[Range]</c>, <c>[Required]</c>, ...) and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
/// on the class validate it before the run starts.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class PerfOptionAttribute : Attribute
{
    /// <summary>Declares the option.</summary>
    /// <param name="name">The long name, with its dashes (for example <c>--size</c>).</param>
    /// <param name="aliases">Other names (for example <c>-s</c>).</param>
    public PerfOptionAttribute(string name, params string[] aliases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Aliases = aliases ?? [];
    }

    /// <summary>The long name, with its dashes.</summary>
    public string Name { get; }

    /// <summary>Other names.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>What the option does, shown in <c>--help</c>.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// When true, the value is a secret (keys, passwords, tokens): it is redacted in results files (options and
    /// arguments), reports and error messages, and reaches the child processes of a <c>--processes</c> run on their
    /// standard input, never on their command lines. Give it to the program in a response file (<c>@file</c>) to
    /// keep it off the program's own command line too.
    /// </summary>
    public bool Secret { get; set; }

    /// <summary>When true, the option is accepted but not listed in <c>--help</c> (internal plumbing).</summary>
    public bool Hidden { get; set; }
}
