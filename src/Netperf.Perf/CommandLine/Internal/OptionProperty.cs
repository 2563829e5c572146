using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;

namespace Netperf.Perf.CommandLine.Internal;

/// <summary>One options property and the System.CommandLine option built for it.</summary>
internal sealed class OptionProperty
{
    private static readonly MethodInfo CreateMethod = typeof(OptionProperty).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ReadMethod = typeof(OptionProperty).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;

    private OptionProperty(PropertyInfo property, PerfOptionAttribute attribute, Option option)
    {
        Property = property;
        Attribute = attribute;
        Option = option;
    }

    public PropertyInfo Property { get; }

    public PerfOptionAttribute Attribute { get; }

    public Option Option { get; }

    /// <summary>The long name without its leading dashes: the key in results files.</summary>
    public string Key => Attribute.Name.TrimStart('-');

    public static IReadOnlyList<OptionProperty> For(Type optionsType, PerfOptions defaults)
    {
        var list = new List<OptionProperty>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(DeclarationDepth))
        {
            var attribute = property.GetCustomAttribute<PerfOptionAttribute>(inherit: true);
            if (attribute is null)
            {
                continue;
            }

            if (!property.CanWrite || !property.CanRead)
            {
                throw new InvalidOperationException(
                    $"Option property {optionsType.Name}.{property.Name} needs a public getter and setter; add 'get; set;'.");
            }

            foreach (var name in attribute.Aliases.Prepend(attribute.Name))
            {
                if (!names.TryAdd(name, property.Name))
                {
                    throw new InvalidOperationException(
                        $"Option name '{name}' is declared by both {names[name]} and {property.Name} in {optionsType.Name}; give one of them another name.");
                }
            }

            var option = (Option)CreateMethod.MakeGenericMethod(property.PropertyType)
                .Invoke(null, [attribute, property.GetValue(defaults)])!;
            list.Add(new OptionProperty(property, attribute, option));
        }

        return list;
    }

    public void Bind(ParseResult parseResult, PerfOptions target)
    {
        var result = parseResult.GetResult(Option);
        if (result is null || result.Implicit)
        {
            return;
        }

        Property.SetValue(target, ReadMethod.MakeGenericMethod(Property.PropertyType).Invoke(null, [parseResult, Option]));
    }

    public object? Describe(PerfOptions options) => Attribute.Secret ? "***" : Property.GetValue(options);

    private static int DeclarationDepth(PropertyInfo property)
    {
        // Base-class options first (--duration ... before the test's own), in declaration order.
        var depth = 0;
        for (var type = property.DeclaringType; type is not null && type != typeof(object); type = type.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static Option<T> Create<T>(PerfOptionAttribute attribute, object? defaultValue)
    {
        var option = new Option<T>(attribute.Name, [.. attribute.Aliases])
        {
            Description = attribute.Description,
            Hidden = attribute.Hidden,
        };
        if (defaultValue is T value && !attribute.Secret && !(value is bool b && !b))
        {
            option.DefaultValueFactory = _ => value;
        }

        if (NumberParser<T>(attribute.Name) is { } parser)
        {
            option.CustomParser = parser;
        }

        return option;
    }

    /// <summary>
    /// A parser for a number option whose error says what the option takes in words ("takes a whole number"), instead
    /// of System.CommandLine's "Cannot parse argument 'abc' ... as expected type 'System.Int32'"; null for other types.
    /// The range is the options class's [Range], checked after parsing.
    /// </summary>
    private static Func<ArgumentResult, T?>? NumberParser<T>(string name)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type != typeof(int) && type != typeof(long) && type != typeof(double))
        {
            return null;
        }

        return result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
            object? value = type == typeof(int) ? (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null)
                : type == typeof(long) ? (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null)
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            if (value is not null)
            {
                return (T)value;
            }

            var kind = type == typeof(double) ? "a number"
                : decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? $"a whole number from {(type == typeof(int) ? int.MinValue : long.MinValue)} to {(type == typeof(int) ? int.MaxValue : long.MaxValue)}"
                    : "a whole number";
            result.AddError($"Option '{name}' takes {kind}, not '{text}'.");
            return default;
        };
    }

    private static object? Read<T>(ParseResult parseResult, Option option) => parseResult.GetValue((Option<T>)option);
}
