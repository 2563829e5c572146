using System.Reflection;
using System.Text;

namespace Netperf.Packaging.Tests.PublicApi;

/// <summary>
/// Writes an assembly's public surface (types visible outside it and their public/protected members)
/// as sorted, stable text, so any API change shows as a diff of tests/PublicApi/&lt;Assembly&gt;.txt.
/// </summary>
internal static class PublicApiWriter
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Write(Assembly assembly)
    {
        var builder = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            builder.Append(DescribeType(type)).Append('\n');
            foreach (var member in Members(type).OrderBy(m => m, StringComparer.Ordinal))
            {
                builder.Append("  ").Append(member).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string DescribeType(Type type)
    {
        var kind = type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : type.IsValueType ? (IsRecord(type) ? "record struct" : "struct")
            : type.IsSubclassOf(typeof(Delegate)) ? "delegate"
            : IsRecord(type) ? "record"
            : "class";
        var modifiers = type.IsClass && type.IsAbstract && type.IsSealed ? "static "
            : type.IsClass && type.IsAbstract && !type.IsInterface ? "abstract "
            : type.IsClass && type.IsSealed && !type.IsSubclassOf(typeof(Delegate)) ? "sealed "
            : string.Empty;
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType)
            && baseType != typeof(Enum) && baseType != typeof(MulticastDelegate))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces()
            .Where(i => i.IsPublic || i.IsNestedPublic)
            .Where(i => type.BaseType is null || !type.BaseType.GetInterfaces().Contains(i))
            .Select(Name)
            .Where(n => !n.StartsWith("System.IEquatable<", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal));
        return $"{modifiers}{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                yield return $"{name} = {Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var member in type.GetMembers(Declared))
        {
            var text = member switch
            {
                ConstructorInfo c when Visible(c) => $"{Access(c)}ctor({Parameters(c.GetParameters())})",
                MethodInfo m when Visible(m) && !m.IsSpecialName && !IsCompilerGenerated(m) =>
                    $"{Access(m)}{Modifiers(m)}{Name(m.ReturnType)} {m.Name}{GenericArguments(m)}({Parameters(m.GetParameters())})",
                PropertyInfo p when Accessors(p).Any(Visible) && !IsCompilerGenerated(p) =>
                    $"{Access(Accessors(p).First(Visible))}{Modifiers(Accessors(p).First())}{Name(p.PropertyType)} {PropertyName(p)} {{ {string.Join(" ", Accessors(p).Where(Visible).Select(AccessorName))} }}",
                FieldInfo f when (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) =>
                    $"{(f.IsPublic ? "public " : "protected ")}{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}",
                EventInfo e when e.AddMethod is { } add && Visible(add) => $"{Access(add)}event {Name(e.EventHandlerType!)} {e.Name}",
                _ => null,
            };
            if (text is not null)
            {
                yield return text;
            }
        }
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.Name is "<Clone>$" or "EqualityContract" || member.Name.StartsWith('<');

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo property) =>
        new[] { property.GetMethod, property.SetMethod }.Where(m => m is not null)!;

    private static string AccessorName(MethodInfo accessor) =>
        accessor.Name.StartsWith("get_", StringComparison.Ordinal) ? "get;"
        : accessor.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit") ? "init;"
        : "set;";

    private static string PropertyName(PropertyInfo property)
    {
        var indexParameters = property.GetIndexParameters();
        return indexParameters.Length == 0 ? property.Name : $"this[{Parameters(indexParameters)}]";
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return "static ";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return string.Empty;
        }

        if (method.IsAbstract)
        {
            return "abstract ";
        }

        if (method.IsVirtual && !method.IsFinal)
        {
            return method.GetBaseDefinition() != method ? "override " : "virtual ";
        }

        return method.IsVirtual && method.GetBaseDefinition() != method ? "sealed override " : string.Empty;
    }

    private static string GenericArguments(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(p =>
    {
        var prefix = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty;
        var isParams = p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : string.Empty;
        var type = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        var defaultValue = p.HasDefaultValue ? " = " + (p.DefaultValue switch
        {
            null => "default",
            string s => $"\"{s}\"",
            bool b => b ? "true" : "false",
            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }) : string.Empty;
        return $"{isParams}{prefix}{Name(type)} {p.Name}{defaultValue}";
    }));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var bare = tick < 0 ? name : name[..tick];
        return $"{bare}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
