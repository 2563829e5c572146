using System.CommandLine;
using System.CommandLine.Help;
using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf.CommandLine.Internal;

/// <summary>
/// Builds a System.CommandLine command from an options class (its <see cref="PerfOptionAttribute"/>
/// properties), parses a test's arguments into a new instance and validates it with DataAnnotations.
/// </summary>
internal sealed class PerfOptionsParser
{
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

    public OptionsParseResult Parse(IReadOnlyList<string> arguments, TextWriter helpOutput)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parseResult = _command.Parse(arguments);
        if (parseResult.Action is HelpAction)
        {
            parseResult.Invoke(new InvocationConfiguration { Output = helpOutput, Error = helpOutput });
            return new OptionsParseResult(null, [], HelpRequested: true);
        }

        if (parseResult.Errors.Count > 0)
        {
            return new OptionsParseResult(null, [.. parseResult.Errors.Select(e => e.Message)], false);
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
            errors.Add($"Option '{property.Attribute.Name}' {result.ErrorMessage} (got {Format(property.Property.GetValue(options))}).");
        }

        return errors;
    }

    public IReadOnlyDictionary<string, object?> Describe(PerfOptions options) =>
        _properties.ToDictionary(p => p.Key, p => p.Describe(options), StringComparer.Ordinal);

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
