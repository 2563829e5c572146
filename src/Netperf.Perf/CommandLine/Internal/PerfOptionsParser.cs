using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf.CommandLine.Internal;

/// <summary>
/// Builds a System.CommandLine command from an options class (its <see cref="PerfOptionAttribute"/>
/// properties), parses a test's arguments into a new instance and validates it with DataAnnotations.
/// </summary>
internal sealed class PerfOptionsParser
{
    /// <summary>What a secret value is replaced with in results, messages and recorded arguments.</summary>
    public const string Mask = "***";

    // The children get arguments whose response files the parent already expanded: a value that
    // starts with '@' is then a value, not a file to read.
    private static readonly ParserConfiguration Expanded = new() { ResponseFileTokenReplacer = null };

    private readonly Type _optionsType;
    private readonly IReadOnlyList<OptionProperty> _properties;
    private readonly Command _command;

    public PerfOptionsParser(string testName, string? description, Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        if (!typeof(PerfOptions).IsAssignableFrom(optionsType))
        {
            throw new ArgumentException($"{optionsType.Name} must derive from PerfOptions.", nameof(optionsType));
        }

        _optionsType = optionsType;
        _properties = OptionProperty.For(optionsType, CreateDefaults());
        _command = new Command(testName, description ?? testName) { new HelpOption() };
        foreach (var property in _properties)
        {
            _command.Options.Add(property.Option);
        }
    }

    public IReadOnlyList<OptionProperty> Properties => _properties;

    /// <summary>Parses and validates <paramref name="arguments"/>; error messages never hold a secret option's value.</summary>
    /// <param name="arguments">The test's arguments.</param>
    /// <param name="helpOutput">Where <c>--help</c> writes.</param>
    /// <param name="expandResponseFiles">Whether <c>@file</c> reads arguments from a file (false for arguments that were split already).</param>
    public OptionsParseResult Parse(IReadOnlyList<string> arguments, TextWriter helpOutput, bool expandResponseFiles = true)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parseResult = expandResponseFiles ? _command.Parse(arguments) : _command.Parse(arguments, Expanded);
        if (parseResult.Action is HelpAction)
        {
            parseResult.Invoke(new InvocationConfiguration { Output = helpOutput, Error = helpOutput });
            return new OptionsParseResult(null, [], HelpRequested: true);
        }

        if (parseResult.Errors.Count > 0)
        {
            var secrets = Split(parseResult).SecretValues;
            return new OptionsParseResult(null, [.. parseResult.Errors.Select(e => Scrub(e.Message, secrets))], false);
        }

        var options = CreateDefaults();
        foreach (var property in _properties)
        {
            property.Bind(parseResult, options);
        }

        var errors = Validate(options);
        return new OptionsParseResult(errors.Count == 0 ? options : null, errors, false);
    }

    /// <summary>Validates options built in code (not parsed), with the same messages.</summary>
    public IReadOnlyList<string> Validate(PerfOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var byProperty = _properties.ToDictionary(p => p.Property.Name, StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var result in results)
        {
            var members = result.MemberNames.Where(byProperty.ContainsKey).ToList();
            if (members.Count == 0)
            {
                errors.Add(result.ErrorMessage ?? "The options are not valid.");
                continue;
            }

            var property = byProperty[members[0]];
            var got = property.Attribute.Secret ? Mask : Format(property.Property.GetValue(options));
            errors.Add(Scrub($"Option '{property.Attribute.Name}' {result.ErrorMessage} (got {got}).", SecretValuesOf(options)));
        }

        return errors;
    }

    public IReadOnlyDictionary<string, object?> Describe(PerfOptions options) =>
        _properties.ToDictionary(p => p.Key, p => p.Describe(options), StringComparer.Ordinal);

    /// <summary>
    /// Splits <paramref name="arguments"/> into the public part (safe for a command line), the secret
    /// options with their values (for a child's standard input) and a redacted copy (for results).
    /// </summary>
    public SplitArguments Split(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return Split(_command.Parse(arguments));
    }

    /// <summary>
    /// Why this test would not take <paramref name="arguments"/> because of words it does not know, or null. Only the unknown
    /// options' names are said, never a word that is not an option: a misspelled secret option's value is just such a word.
    /// </summary>
    public string? UnknownWords(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var unmatched = _command.Parse(arguments).UnmatchedTokens;
        if (unmatched.Count == 0)
        {
            return null;
        }

        var options = unmatched.Where(t => t.StartsWith('-')).Distinct(StringComparer.Ordinal).ToList();
        var others = unmatched.Count - unmatched.Count(t => t.StartsWith('-'));
        var named = options.Count == 0 ? string.Empty : $"no option {string.Join(", ", options)}";
        var unnamed = others == 0 ? string.Empty : $"{others} word(s) it does not expect (not shown: one may be a secret)";
        return $"the test '{_command.Name}' has {string.Join("; and ", new[] { named, unnamed }.Where(x => x.Length > 0))} (run {_command.Name} --help)";
    }

    /// <summary>
    /// <paramref name="arguments"/> as recorded in a result: parsed, with every secret option's value
    /// and every occurrence of a secret value of <paramref name="options"/> replaced by <see cref="Mask"/>.
    /// </summary>
    public IReadOnlyList<string> Redact(IReadOnlyList<string> arguments, PerfOptions options)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        var split = Split(arguments);
        var values = split.SecretValues.Concat(SecretValuesOf(options)).ToList();
        return [.. split.Redacted.Select(a => Scrub(a, values))];
    }

    /// <summary>The non-empty values of the secret options of <paramref name="options"/>, as text.</summary>
    public IReadOnlyList<string> SecretValuesOf(PerfOptions options) =>
        [.. _properties
            .Where(p => p.Attribute.Secret)
            .Select(p => Convert.ToString(p.Property.GetValue(options), System.Globalization.CultureInfo.InvariantCulture))
            .OfType<string>()
            .Where(v => v.Length > 0)];

    /// <summary>Replaces every occurrence of each of <paramref name="secrets"/> in <paramref name="text"/> by <see cref="Mask"/>.</summary>
    public static string Scrub(string text, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    private SplitArguments Split(ParseResult parseResult)
    {
        var secretOptions = _properties
            .Where(p => p.Attribute.Secret)
            .SelectMany(p => p.Attribute.Aliases.Prepend(p.Attribute.Name).Select(name => (name, p.Option)))
            .ToDictionary(x => x.name, x => x.Option, StringComparer.Ordinal);
        List<string> open = [], secret = [], redacted = [], values = [];
        var tokens = parseResult.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Type == TokenType.Option && secretOptions.TryGetValue(token.Value, out var option))
            {
                secret.Add(token.Value);
                redacted.Add(token.Value);

                // The option's values follow it: as many argument tokens as its arity takes.
                var max = option.Arity.MaximumNumberOfValues;
                for (var taken = 0; taken < max && i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument; taken++)
                {
                    i++;
                    secret.Add(tokens[i].Value);
                    values.Add(tokens[i].Value);
                    redacted.Add(Mask);
                }

                continue;
            }

            open.Add(token.Value);
            redacted.Add(token.Value);
        }

        return new SplitArguments(open, secret, redacted) { SecretValues = values };
    }

    private static string Format(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private PerfOptions CreateDefaults()
    {
        try
        {
            return (PerfOptions)Activator.CreateInstance(_optionsType)!;
        }
        catch (MissingMethodException ex)
        {
            throw new InvalidOperationException(
                $"Options class {_optionsType.Name} needs a public parameterless constructor; its property initial values are the defaults.", ex);
        }
    }
}
