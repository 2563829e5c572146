using System.Globalization;
using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>
/// Generic (network) resources: PUT as an Azure-AsyncOperation LRO with reference checks,
/// deterministic private addresses for NICs, GET, and DELETE refused while something references the resource.
/// </summary>
internal sealed partial class ArmRouter
{
    private int _publicIpCounter;

    private Task<bool> GenericResourceAsync(ArmRequest r, string group, string providerNamespace, string type, string name) => r.Method switch
    {
        "PUT" => PutGenericAsync(r, group, providerNamespace, type, name),
        "GET" => GetGenericAsync(r, group, providerNamespace, type, name),
        "DELETE" => DeleteGenericAsync(r, group, providerNamespace, type, name),
        _ => Task.FromResult(false),
    };

    private string ResourceId(string group, string providerNamespace, string type, string name) =>
        $"{store.GroupId(group)}/providers/{providerNamespace}/{type}/{name}";

    private Task<bool> PutGenericAsync(ArmRequest r, string group, string providerNamespace, string type, string name)
    {
        var location = r.Body?["location"]?.GetValue<string>();
        if (string.IsNullOrEmpty(location))
        {
            return Fail(r, ArmHttp.BadRequest("LocationRequired", "The location property is required for this definition."));
        }

        ArmResource resource;
        LroOperation operation;
        int status;
        lock (store.Gate)
        {
            if (CheckGroupForWriteUnlocked(group) is { } groupError)
            {
                return Fail(r, groupError);
            }

            var id = ResourceId(group, providerNamespace, type, name);
            var existing = store.FindUnlocked(id);
            var properties = r.Body?["properties"]?.DeepClone() as JsonObject ?? [];
            if (MissingReferenceUnlocked(properties) is { } missing)
            {
                return Fail(r, ArmHttp.BadRequest("InvalidResourceReference",
                    $"Resource {missing} referenced by resource {id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region."));
            }

            resource = existing ?? new ArmResource(id, $"{providerNamespace}/{type}", name, location) { ResourceGroup = store.FindUnlocked(store.GroupId(group))!.Name };
            resource.Tags = TagsOf(r);
            resource.Sku = r.Body?["sku"]?.DeepClone() as JsonObject;
            ShapeNetworkPropertiesUnlocked(resource, properties, existing);
            resource.Properties = properties;
            resource.ProvisioningState = "Updating";
            status = existing is null ? 201 : 200;
            if (existing is null)
            {
                store.AddUnlocked(resource);
            }

            operation = lro.Start(ArmOperationKind.CreateNetworkResource, () =>
            {
                resource.ProvisioningState = "Succeeded";
                return null;
            });
        }

        AddLroHeaders(r, providerNamespace, resource.Location, operation, withLocation: false);
        return Json(r, status, resource.ToJson());
    }

    private Task<bool> GetGenericAsync(ArmRequest r, string group, string providerNamespace, string type, string name)
    {
        if (store.FindGroup(group) is null)
        {
            return Fail(r, ArmHttp.GroupNotFound(group));
        }

        var resource = store.Find(ResourceId(group, providerNamespace, type, name));
        return resource is null
            ? Fail(r, ArmHttp.ResourceNotFound($"{providerNamespace}/{type}", name, group))
            : Json(r, 200, resource.ToJson());
    }

    private Task<bool> DeleteGenericAsync(ArmRequest r, string group, string providerNamespace, string type, string name)
    {
        LroOperation operation;
        ArmResource? resource;
        lock (store.Gate)
        {
            if (store.FindUnlocked(store.GroupId(group)) is null)
            {
                return Fail(r, ArmHttp.GroupNotFound(group));
            }

            resource = store.FindUnlocked(ResourceId(group, providerNamespace, type, name));
            if (resource is null)
            {
                return Json(r, 204, null);
            }

            if (ReferencedByUnlocked(resource) is { } user)
            {
                var code = resource.Type.EndsWith("networkInterfaces", StringComparison.OrdinalIgnoreCase) ? "NicInUse" : "InUseResourceCannotBeDeleted";
                return Fail(r, ArmHttp.BadRequest(code, $"Resource {resource.Id} is in use by {user} and cannot be deleted."));
            }

            if (resource.ReservedUntil is { } until && timeProvider.GetUtcNow() < until)
            {
                var seconds = (int)Math.Ceiling(behaviours.NicReservationWindow.TotalSeconds);
                return Fail(r, ArmHttp.BadRequest("NicReservedForAnotherVm",
                    $"Nic(s) in request is reserved for another Virtual Machine for {seconds} seconds. Please provide another nic(s) or retry after {seconds} seconds. Reserved VM: {resource.ReservedFor}"));
            }

            resource.ProvisioningState = "Deleting";
            var target = resource;
            operation = lro.Start(ArmOperationKind.DeleteNetworkResource, () =>
            {
                store.RemoveUnlocked(target.Id);
                return null;
            });
        }

        AddLroHeaders(r, providerNamespace, resource.Location, operation, withLocation: true);
        return Json(r, 202, null);
    }

    /// <summary>The id of a resource that references <paramref name="resource"/> (or its children), if any.</summary>
    private string? ReferencedByUnlocked(ArmResource resource)
    {
        foreach (var other in store.AllUnlocked)
        {
            if (other == resource || other.Id.StartsWith(resource.Id + "/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = other.Properties.ToJsonString();
            if (text.Contains(resource.Id + "\"", StringComparison.OrdinalIgnoreCase) || text.Contains(resource.Id + "/", StringComparison.OrdinalIgnoreCase))
            {
                return other.Id;
            }
        }

        return null;
    }

    /// <summary>Every <c>"id"</c> inside the properties must name an existing resource (or a subnet of one).</summary>
    private string? MissingReferenceUnlocked(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "id" && value?.GetValue<string>() is { } id && !ExistsUnlocked(id))
                    {
                        return id;
                    }

                    if (key != "id" && MissingReferenceUnlocked(value) is { } missing)
                    {
                        return missing;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (MissingReferenceUnlocked(item) is { } missing)
                    {
                        return missing;
                    }
                }

                break;
        }

        return null;
    }

    private bool ExistsUnlocked(string id)
    {
        if (store.FindUnlocked(id) is not null)
        {
            return true;
        }

        // A subnet lives inside its virtual network's properties.
        var marker = id.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
        return marker > 0 && store.FindUnlocked(id[..marker]) is { } vnet && FindSubnet(vnet, id) is not null;
    }

    private static JsonObject? FindSubnet(ArmResource vnet, string subnetId) =>
        (vnet.Properties["subnets"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(s => string.Equals(s["id"]?.GetValue<string>(), subnetId, StringComparison.OrdinalIgnoreCase));

    private void ShapeNetworkPropertiesUnlocked(ArmResource resource, JsonObject properties, ArmResource? existing)
    {
        if (resource.Type.EndsWith("/virtualNetworks", StringComparison.OrdinalIgnoreCase) && properties["subnets"] is JsonArray subnets)
        {
            foreach (var subnet in subnets.OfType<JsonObject>())
            {
                subnet["id"] = $"{resource.Id}/subnets/{subnet["name"]?.GetValue<string>()}";
                subnet["properties"] ??= new JsonObject();
                subnet["properties"]!["provisioningState"] = "Succeeded";
            }
        }
        else if (resource.Type.EndsWith("/networkInterfaces", StringComparison.OrdinalIgnoreCase) && properties["ipConfigurations"] is JsonArray configurations)
        {
            var previous = existing?.Properties["ipConfigurations"] as JsonArray;
            for (var i = 0; i < configurations.Count; i++)
            {
                if (configurations[i] is not JsonObject configuration)
                {
                    continue;
                }

                configuration["id"] = $"{resource.Id}/ipConfigurations/{configuration["name"]?.GetValue<string>()}";
                var props = configuration["properties"] as JsonObject ?? [];
                configuration["properties"] = props;
                props["privateIPAddress"] = previous?[i]?["properties"]?["privateIPAddress"]?.GetValue<string>()
                    ?? NextPrivateAddressUnlocked(props["subnet"]?["id"]?.GetValue<string>());
                props["privateIPAllocationMethod"] ??= "Dynamic";
            }
        }
        else if (resource.Type.EndsWith("/publicIPAddresses", StringComparison.OrdinalIgnoreCase))
        {
            // TEST-NET-3 documentation range: data only, never connected to.
            properties["ipAddress"] = existing?.Properties["ipAddress"]?.GetValue<string>()
                ?? "203.0.113." + (10 + Interlocked.Increment(ref _publicIpCounter)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private string NextPrivateAddressUnlocked(string? subnetId)
    {
        var prefix = "10.0.0.0/24";
        if (subnetId is not null)
        {
            var marker = subnetId.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
            if (marker > 0 && store.FindUnlocked(subnetId[..marker]) is { } vnet && FindSubnet(vnet, subnetId) is { } subnet)
            {
                prefix = subnet["properties"]?["addressPrefix"]?.GetValue<string>() ?? prefix;
            }
        }

        // The lowest free host address from .4 up (Azure reserves .0-.3), as ARM hands out dynamic addresses.
        var used = store.AllUnlocked
            .Where(x => x.Type.EndsWith("/networkInterfaces", StringComparison.OrdinalIgnoreCase))
            .SelectMany(x => (x.Properties["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>())
            .Select(c => c["properties"])
            .Where(p => string.Equals(p?["subnet"]?["id"]?.GetValue<string>(), subnetId, StringComparison.OrdinalIgnoreCase))
            .Select(p => p?["privateIPAddress"]?.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        var octets = prefix.Split('/')[0].Split('.');
        var host = 4;
        while (used.Contains($"{octets[0]}.{octets[1]}.{octets[2]}.{host}"))
        {
            host++;
        }

        return $"{octets[0]}.{octets[1]}.{octets[2]}.{host}";
    }
}
