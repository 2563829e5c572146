using System.Text.Json;

namespace Netperf.Core.GitHub.Internal;

/// <summary>Reads the matrix JSON strictly, so a typo is an error rather than a silently smaller matrix.</summary>
internal static class MatrixJsonReader
{
    private static readonly string[] DefinitionProperties = ["os", "env", "arch", "io", "tls", "optional", "exclude", "include"];
    private static readonly string[] JobProperties = ["os", "env", "arch", "io", "tls", "optional"];

    public static JobMatrixDefinition ReadDefinition(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "the matrix");
        CheckProperties(root, DefinitionProperties, "the matrix");
        return new JobMatrixDefinition
        {
            Os = Strings(root, "os"),
            Environment = Strings(root, "env"),
            Architecture = Strings(root, "arch"),
            Io = Strings(root, "io"),
            Tls = Strings(root, "tls"),
            Optional = Bool(root, "optional", "the matrix"),
            Exclude = Objects(root, "exclude").Select(ReadFilter).ToList(),
            Include = Objects(root, "include").Select((e, i) => ReadJob(e, i)).ToList(),
        };
    }

    private static MatrixFilter ReadFilter(JsonElement element, int index)
    {
        var where = $"exclude[{index}]";
        CheckProperties(element, JobProperties, where);
        return new MatrixFilter
        {
            Os = String(element, "os", where, required: false),
            Environment = String(element, "env", where, required: false),
            Architecture = String(element, "arch", where, required: false),
            Io = String(element, "io", where, required: false),
            Tls = String(element, "tls", where, required: false),
        };
    }

    private static MatrixEntry ReadJob(JsonElement element, int index)
    {
        var where = $"include[{index}]";
        CheckProperties(element, JobProperties, where);
        return new MatrixEntry
        {
            Os = String(element, "os", where, required: true)!,
            Environment = String(element, "env", where, required: true)!,
            Architecture = String(element, "arch", where, required: false) ?? "x64",
            Io = String(element, "io", where, required: true)!,
            Tls = String(element, "tls", where, required: true)!,
            Optional = Bool(element, "optional", where),
        };
    }

    private static List<string> Strings(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        Expect(value, JsonValueKind.Array, $"'{name}'");
        return value.EnumerateArray().Select(v =>
        {
            Expect(v, JsonValueKind.String, $"each value of '{name}'");
            return v.GetString()!;
        }).ToList();
    }

    private static List<JsonElement> Objects(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return [];
        }

        Expect(value, JsonValueKind.Array, $"'{name}'");
        return value.EnumerateArray().Select(v =>
        {
            Expect(v, JsonValueKind.Object, $"each entry of '{name}'");
            return v;
        }).ToList();
    }

    private static string? String(JsonElement obj, string name, string where, bool required)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return required ? throw new JobMatrixException($"{where} has no '{name}'; every include names os, env, io and tls (arch defaults to x64).") : null;
        }

        Expect(value, JsonValueKind.String, $"{where}.{name}");
        return value.GetString();
    }

    private static bool Bool(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new JobMatrixException($"{where}.{name} must be true or false, not {value.ValueKind}."),
        };
    }

    private static void CheckProperties(JsonElement obj, string[] allowed, string where)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new JobMatrixException($"{where} has an unknown property '{property.Name}'; allowed: {string.Join(", ", allowed)}.");
            }
        }
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new JobMatrixException($"{what} must be a JSON {kind.ToString().ToLowerInvariant()}, not {element.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }
}
