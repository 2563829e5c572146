using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Netperf.Testing.Arm.Internal;

/// <summary>A parsed request: lower-case-comparable path segments, query and JSON body.</summary>
internal sealed class ArmRequest
{
    public required HttpContext Context { get; init; }

    public required string Method { get; init; }

    public required string[] Segments { get; init; }

    public JsonNode? Body { get; init; }

    public ArmOperationKind Kind { get; set; } = ArmOperationKind.Read;

    public string? Query(string name) => Context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public bool Is(int index, string value) =>
        index < Segments.Length && string.Equals(Segments[index], value, StringComparison.OrdinalIgnoreCase);

    public int Length => Segments.Length;

    public string this[int index] => Segments[index];
}
