using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm;

/// <summary>
/// One tracked resource held by the fake ARM (a resource group, a VM, a network resource, a disk,
/// a run command). The id keeps the casing it was created with; lookups are case-insensitive.
/// </summary>
public sealed class ArmResource
{
    internal ArmResource(string id, string type, string name, string location)
    {
        Id = id;
        Type = type;
        Name = name;
        Location = location;
    }

    /// <summary>The full ARM id, for example <c>/subscriptions/s/resourceGroups/rg</c>.</summary>
    public string Id { get; }

    /// <summary>The ARM type, for example <c>Microsoft.Compute/virtualMachines</c>.</summary>
    public string Type { get; }

    /// <summary>The resource's name.</summary>
    public string Name { get; }

    /// <summary>The region.</summary>
    public string Location { get; }

    /// <summary>The resource group that holds it; <see langword="null"/> for a resource group itself.</summary>
    public string? ResourceGroup { get; internal set; }

    /// <summary>The tags (a PUT replaces them all).</summary>
    public Dictionary<string, string> Tags { get; internal set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>properties</c> object as ARM returns it (without secrets).</summary>
    public JsonObject Properties { get; internal set; } = [];

    /// <summary>The <c>sku</c> object, when any.</summary>
    public JsonObject? Sku { get; internal set; }

    /// <summary>The provisioning state (<c>Creating</c>, <c>Succeeded</c>, <c>Failed</c>, <c>Deleting</c>...).</summary>
    public string ProvisioningState
    {
        get => Properties["provisioningState"]?.GetValue<string>() ?? "Succeeded";
        internal set => Properties["provisioningState"] = value;
    }

    /// <summary>When the fake created it.</summary>
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>For a VM: when its guest agent reports Ready (set when its creation succeeds).</summary>
    internal DateTimeOffset? AgentReadyAt { get; set; }

    /// <summary>For a VM: its creation failed, so its NICs were never attached (they stay, reserved).</summary>
    internal bool CreationFailed { get; set; }

    /// <summary>For a VM: the Run Command extension is installed (the first Run Command is slower).</summary>
    internal bool HasRunCommandExtension { get; set; }

    /// <summary>For a NIC: reserved for a VM (deleted or failed) until then.</summary>
    internal DateTimeOffset? ReservedUntil { get; set; }

    /// <summary>For a NIC: the VM it is reserved for.</summary>
    internal string? ReservedFor { get; set; }

    /// <summary>True when the resource is a resource group.</summary>
    public bool IsResourceGroup => string.Equals(Type, ArmTypes.ResourceGroup, StringComparison.OrdinalIgnoreCase);

    /// <summary>Renders the resource as ARM does.</summary>
    /// <param name="includeTags">False for tag-filtered lists, where ARM omits the tags.</param>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson(bool includeTags = true)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["type"] = Type,
            ["location"] = Location,
        };
        if (includeTags)
        {
            var tags = new JsonObject();
            foreach (var (key, value) in Tags)
            {
                tags[key] = value;
            }

            json["tags"] = tags;
        }

        if (Sku is not null)
        {
            json["sku"] = Sku.DeepClone();
        }

        json["properties"] = Properties.DeepClone();
        return json;
    }
}
