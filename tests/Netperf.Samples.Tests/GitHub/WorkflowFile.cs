using System.Text.RegularExpressions;
using Netperf.Testing;
using YamlDotNet.Serialization;

namespace Netperf.Samples.Tests.GitHub;

/// <summary>A GitHub Actions workflow file parsed into plain maps, lists and strings.</summary>
internal sealed partial class WorkflowFile
{
    private WorkflowFile(Dictionary<object, object> root) => Root = root;

    public Dictionary<object, object> Root { get; }

    public Dictionary<object, object> Jobs => Map(Root["jobs"]);

    public static WorkflowFile Load(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), relativePath));
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(text);
        return new WorkflowFile(root);
    }

    public Dictionary<object, object> Job(string name) => Map(Jobs[name]);

    public static Dictionary<object, object> Map(object value) => Assert.IsType<Dictionary<object, object>>(value);

    public static List<string> Strings(object value) => value switch
    {
        string s => [s],
        List<object> list => list.Select(o => Assert.IsType<string>(o)).ToList(),
        _ => throw new Xunit.Sdk.XunitException($"expected a string or a list of strings, got {value?.GetType().Name}"),
    };

    public static string? Get(Dictionary<object, object> map, string key) => map.TryGetValue(key, out var v) ? v?.ToString() : null;

    public static List<Dictionary<object, object>> Steps(Dictionary<object, object> job) =>
        ((List<object>)job["steps"]).Select(Map).ToList();

    /// <summary>Replaces <c>${{ matrix.X }}</c> with the entry's value (failing on a key the entry lacks) and the github context.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> matrix, IReadOnlyDictionary<string, string> github) =>
        Expression().Replace(template, m =>
        {
            var (scope, key) = (m.Groups[1].Value, m.Groups[2].Value);
            var source = scope == "matrix" ? matrix : github;
            Assert.True(source.ContainsKey(key), $"'{m.Value}' refers to {scope}.{key}, which the host does not emit");
            return source[key];
        });

    [GeneratedRegex(@"\$\{\{\s*(matrix|github)\.([A-Za-z0-9_-]+)\s*\}\}")]
    private static partial Regex Expression();
}
