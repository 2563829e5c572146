using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>Resource groups: idempotent PUT, GET, tag-filtered list, and the cascading delete LRO (Location polling).</summary>
internal sealed partial class ArmRouter
{
    private Task<bool> ResourceGroupAsync(ArmRequest r, string name) => r.Method switch
    {
        "PUT" => PutGroupAsync(r, name),
        "GET" => GetGroupAsync(r, name),
        "DELETE" => DeleteGroupAsync(r, name),
        _ => Task.FromResult(false),
    };

    private Task<bool> PutGroupAsync(ArmRequest r, string name)
    {
        var location = r.Body?["location"]?.GetValue<string>();
        if (string.IsNullOrEmpty(location))
        {
            return Fail(r, ArmHttp.BadRequest("LocationRequired", "The location property is required for this definition."));
        }

        ArmResource group;
        int status;
        lock (store.Gate)
        {
            var existing = store.FindUnlocked(store.GroupId(name));
            if (existing is not null)
            {
                if (existing.ProvisioningState == "Deleting")
                {
                    return Fail(r, ArmHttp.GroupBeingDeleted(existing.Name));
                }

                if (!string.Equals(existing.Location, location, StringComparison.OrdinalIgnoreCase))
                {
                    return Fail(r, new ArmError(409, "InvalidResourceGroupLocation",
                        $"Invalid resource group location '{location}'. The Resource group already exists in location '{existing.Location}'."));
                }

                existing.Tags = TagsOf(r);
                group = existing;
                status = 200;
            }
            else
            {
                group = new ArmResource(store.GroupId(name), ArmTypes.ResourceGroup, name, location) { Tags = TagsOf(r) };
                group.ProvisioningState = "Succeeded";
                store.AddUnlocked(group);
                status = 201;
            }
        }

        return Json(r, status, group.ToJson());
    }

    private Task<bool> GetGroupAsync(ArmRequest r, string name)
    {
        var group = store.FindGroup(name);
        return group is null ? Fail(r, ArmHttp.GroupNotFound(name)) : Json(r, 200, group.ToJson());
    }

    private Task<bool> ListResourceGroupsAsync(ArmRequest r)
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
        foreach (var group in store.ResourceGroups.Where(g => filter is null || filter.Matches(g.Tags)))
        {
            value.Add(group.ToJson());
        }

        return Json(r, 200, new JsonObject { ["value"] = value });
    }

    private Task<bool> DeleteGroupAsync(ArmRequest r, string name)
    {
        LroOperation operation;
        lock (store.Gate)
        {
            var group = store.FindUnlocked(store.GroupId(name));
            if (group is null)
            {
                return Fail(r, ArmHttp.GroupNotFound(name));
            }

            group.ProvisioningState = "Deleting";
            var failure = faults.ResourceGroupDeleteFailure;
            operation = lro.Start(ArmOperationKind.DeleteResourceGroup, () =>
            {
                if (failure is not null)
                {
                    group.ProvisioningState = "Succeeded";
                    return failure;
                }

                // Cascade: run commands and VMs first, then everything else, then the group.
                foreach (var resource in store.UnderUnlocked(group.Id).OrderByDescending(x => x.Id.Length))
                {
                    server.CancelGuest(resource.Id);
                    store.RemoveUnlocked(resource.Id);
                    server.RaiseVirtualMachineRemoved(resource);
                }

                store.RemoveUnlocked(group.Id);
                return null;
            });
        }

        r.Context.Response.Headers.Location = $"{Base}/subscriptions/{Sub}/operationresults/{operation.Id}?api-version=2022-09-01";
        r.Context.Response.Headers.RetryAfter = "0";
        return Json(r, 202, null);
    }

    private Task<bool> GroupDeleteStatusAsync(ArmRequest r, string operationId)
    {
        var operation = lro.Poll(operationId);
        if (operation is null)
        {
            return Fail(r, new ArmError(404, "OperationNotFound", $"The operation '{operationId}' could not be found."));
        }

        AddPollRetryAfter(r, operation);
        if (!operation.IsDone)
        {
            r.Context.Response.Headers.Location = $"{Base}/subscriptions/{Sub}/operationresults/{operation.Id}?api-version=2022-09-01";
            return Json(r, 202, null);
        }

        return operation.Error is { } error ? Fail(r, error with { Status = error.Status == 200 ? 409 : error.Status }) : Json(r, 200, null);
    }

    /// <summary>Checks the group for a PUT inside it: it must exist and not be deleting.</summary>
    private ArmError? CheckGroupForWriteUnlocked(string group)
    {
        var existing = store.FindUnlocked(store.GroupId(group));
        if (existing is null)
        {
            return ArmHttp.GroupNotFound(group);
        }

        return existing.ProvisioningState == "Deleting" ? ArmHttp.GroupBeingDeleted(existing.Name) : null;
    }
}
