using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Netperf.Testing.Arm.Internal;

/// <summary>Writes ARM-shaped responses.</summary>
internal static class ArmHttp
{
    public static async Task JsonAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is null)
        {
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task ErrorAsync(HttpContext context, ArmError error) =>
        JsonAsync(context, error.Status, ErrorBody(error));

    public static JsonObject ErrorBody(ArmError error) => new() { ["error"] = ErrorObject(error) };

    public static JsonObject ErrorObject(ArmError error)
    {
        var json = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        if (error.Details.Count > 0)
        {
            json["details"] = new JsonArray([.. error.Details.Select(d => (JsonNode)ErrorObject(d))]);
        }

        return json;
    }

    public static ArmError ResourceNotFound(string type, string name, string group) =>
        new(404, "ResourceNotFound",
            $"The Resource '{type}/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    public static ArmError GroupNotFound(string group) =>
        new(404, "ResourceGroupNotFound", $"Resource group '{group}' could not be found.");

    public static ArmError GroupBeingDeleted(string group) =>
        new(409, "ResourceGroupBeingDeleted", $"The resource group '{group}' is in deprovisioning state and cannot perform this operation.");

    public static ArmError BadRequest(string code, string message) => new(400, code, message);

    public static JsonObject Tags(IReadOnlyDictionary<string, string> tags)
    {
        var json = new JsonObject();
        foreach (var (key, value) in tags)
        {
            json[key] = value;
        }

        return json;
    }

    public static Dictionary<string, string> ReadTags(JsonNode? body)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (body?["tags"] is JsonObject json)
        {
            foreach (var (key, value) in json)
            {
                tags[key] = value?.GetValue<string>() ?? string.Empty;
            }
        }

        return tags;
    }
}
