using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>Subscriptions, providers (stable api-versions first), listings and operation status.</summary>
internal sealed partial class ArmRouter
{
    private static readonly Dictionary<string, string[]> ProviderTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Network"] = ["virtualNetworks", "networkSecurityGroups", "networkInterfaces", "publicIPAddresses", "natGateways"],
        ["Microsoft.Compute"] = ["virtualMachines", "virtualMachines/runCommands", "disks"],
        ["Microsoft.Resources"] = ["resourceGroups", "deployments"],
    };

    private JsonObject SubscriptionJson() => new()
    {
        ["id"] = $"/subscriptions/{Sub}",
        ["subscriptionId"] = Sub,
        ["tenantId"] = server.TenantId,
        ["displayName"] = "Netperf fake subscription",
        ["state"] = "Enabled",
    };

    private Task<bool> SubscriptionsAsync(ArmRequest r)
    {
        if (r.Method != "GET")
        {
            return Task.FromResult(false);
        }

        if (r.Length == 1)
        {
            return Json(r, 200, new JsonObject { ["value"] = new JsonArray(SubscriptionJson()) });
        }

        return string.Equals(r[1], Sub, StringComparison.OrdinalIgnoreCase)
            ? Json(r, 200, SubscriptionJson())
            : Fail(r, new ArmError(404, "SubscriptionNotFound", $"The subscription '{r[1]}' could not be found."));
    }

    private Task<bool> ProviderAsync(ArmRequest r, string providerNamespace)
    {
        if (!ProviderTypes.TryGetValue(providerNamespace, out var types))
        {
            return Fail(r, new ArmError(404, "InvalidResourceNamespace", $"The resource namespace '{providerNamespace}' is invalid."));
        }

        var list = new JsonArray();
        foreach (var type in types)
        {
            // Stable versions first: the SDK takes apiVersions[0] for generic resources.
            list.Add(new JsonObject
            {
                ["resourceType"] = type,
                ["locations"] = new JsonArray("East US", "West Europe"),
                ["apiVersions"] = new JsonArray("2023-09-01", "2023-07-01", "2022-09-01", "2024-01-01-preview"),
            });
        }

        return Json(r, 200, new JsonObject
        {
            ["id"] = $"/subscriptions/{Sub}/providers/{providerNamespace}",
            ["namespace"] = providerNamespace,
            ["registrationState"] = "Registered",
            ["resourceTypes"] = list,
        });
    }

    private Task<bool> OperationStatusAsync(ArmRequest r, string operationId)
    {
        var operation = lro.Poll(operationId);
        if (operation is null)
        {
            return Fail(r, new ArmError(404, "OperationNotFound", $"The operation '{operationId}' could not be found."));
        }

        AddPollRetryAfter(r, operation);
        if (r.Is(6, "operationresults"))
        {
            // Location polling: 202 while running, then 200 (or the error's status).
            if (!operation.IsDone)
            {
                r.Context.Response.Headers.Location = r.Context.Request.Scheme + "://" + r.Context.Request.Host + r.Context.Request.Path + r.Context.Request.QueryString;
                return Json(r, 202, null);
            }

            return operation.Error is { } error ? Fail(r, error with { Status = error.Status == 200 ? 500 : error.Status }) : Json(r, 200, null);
        }

        return Json(r, 200, LroEngine.StatusBody(operation));
    }

    private Task<bool> ListResourcesAsync(ArmRequest r, string? group)
    {
        if (r.Method != "GET")
        {
            return Task.FromResult(false);
        }

        TagFilter? filter;
        try
        {
            filter = TagFilter.Parse(r.Query("$filter"));
        }
        catch (FormatException e)
        {
            return Fail(r, ArmHttp.BadRequest("InvalidFilterInQueryString", e.Message));
        }

        var value = new JsonArray();
        lock (store.Gate)
        {
            if (group is not null && store.FindUnlocked(store.GroupId(group)) is null)
            {
                return Fail(r, ArmHttp.GroupNotFound(group));
            }

            foreach (var resource in store.AllUnlocked.Where(x => !x.IsResourceGroup && IsTopLevel(x)))
            {
                if ((group is null || string.Equals(resource.ResourceGroup, group, StringComparison.OrdinalIgnoreCase))
                    && (filter is null || filter.Matches(resource.Tags)))
                {
                    // ARM omits the tags of resources listed through a tag filter.
                    var json = resource.ToJson(includeTags: filter is null);
                    json.Remove("properties");
                    value.Add(json);
                }
            }
        }

        return Json(r, 200, new JsonObject { ["value"] = value });
    }

    private static bool IsTopLevel(ArmResource resource) => resource.Type.Count(c => c == '/') == 1;
}
