using System.Globalization;
using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>
/// Virtual machines: PUT (Creating → Succeeded/Failed through Azure-AsyncOperation), GET with
/// instance view, list, and DELETE (Deleting → gone, with NICs and OS disk whose deleteOption is Delete).
/// </summary>
internal sealed partial class ArmRouter
{
    private Task<bool> VirtualMachineAsync(ArmRequest r, string group, string name) => r.Method switch
    {
        "PUT" => PutVmAsync(r, group, name),
        "GET" => GetVmAsync(r, group, name),
        "DELETE" => DeleteVmAsync(r, group, name),
        _ => Task.FromResult(false),
    };

    private string VmId(string group, string name) => ResourceId(group, "Microsoft.Compute", "virtualMachines", name);

    private Task<bool> PutVmAsync(ArmRequest r, string group, string name)
    {
        var location = r.Body?["location"]?.GetValue<string>();
        var properties = r.Body?["properties"]?.DeepClone() as JsonObject;
        if (string.IsNullOrEmpty(location) || properties is null)
        {
            return Fail(r, ArmHttp.BadRequest("InvalidParameter", "The location and properties of a virtual machine are required."));
        }

        if (ValidateVm(properties) is { } invalid)
        {
            return Fail(r, invalid);
        }

        ArmResource vm;
        LroOperation operation;
        int status;
        lock (store.Gate)
        {
            if (CheckGroupForWriteUnlocked(group) is { } groupError)
            {
                return Fail(r, groupError);
            }

            var existing = store.FindUnlocked(VmId(group, name));
            if (existing?.ProvisioningState == "Deleting")
            {
                return Fail(r, new ArmError(409, "OperationNotAllowed", $"Operation 'Put' is not allowed on VM '{name}' since the VM is marked for deletion."));
            }

            if (MissingReferenceUnlocked(properties["networkProfile"]) is { } missing)
            {
                return Fail(r, ArmHttp.BadRequest("InvalidResourceReference", $"Resource {missing} referenced by virtual machine {name} was not found."));
            }

            // Real ARM never returns the admin password or custom data.
            (properties["osProfile"] as JsonObject)?.Remove("adminPassword");
            (properties["osProfile"] as JsonObject)?.Remove("customData");
            properties["vmId"] = (existing?.Properties["vmId"]?.GetValue<string>()) ?? Guid.NewGuid().ToString();
            properties["timeCreated"] = existing?.Properties["timeCreated"]?.GetValue<string>()
                ?? timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            vm = existing ?? new ArmResource(VmId(group, name), ArmTypes.VirtualMachine, name, location) { ResourceGroup = store.FindUnlocked(store.GroupId(group))!.Name };
            vm.Tags = TagsOf(r);
            vm.Properties = properties;
            vm.ProvisioningState = existing is null ? "Creating" : "Updating";
            status = existing is null ? 201 : 200;
            if (existing is null)
            {
                store.AddUnlocked(vm);
            }

            var failure = faults.TakeVmFailure();
            operation = lro.Start(ArmOperationKind.CreateVirtualMachine, () => CompleteVmUnlocked(vm, failure), hang: faults.HangVmCreation);
        }

        if (status == 201)
        {
            server.RaiseVirtualMachineCreating(new GuestMachine(vm.ResourceGroup!, vm.Name, OsType(vm), properties["osProfile"]?["adminUsername"]?.GetValue<string>()));
        }

        AddLroHeaders(r, "Microsoft.Compute", vm.Location, operation, withLocation: false);
        return Json(r, status, vm.ToJson());
    }

    private ArmError? CompleteVmUnlocked(ArmResource vm, ArmError? failure)
    {
        if (store.FindUnlocked(vm.Id) is null)
        {
            return new ArmError(200, "NotFound", "The virtual machine was deleted while it was being created.");
        }

        if (failure is not null)
        {
            // A failed creation never attached the NICs: they stay, reserved for this VM for a while.
            vm.ProvisioningState = "Failed";
            vm.CreationFailed = true;
            ReserveNicsUnlocked(vm, onlyWithoutDeleteOption: false);
            return failure;
        }

        if (vm.Properties["storageProfile"]?["osDisk"] is JsonObject osDisk && osDisk["managedDisk"]?["id"] is null)
        {
            var diskName = $"{vm.Name}_OsDisk_1_{Guid.NewGuid():N}";
            var disk = new ArmResource($"{store.GroupId(vm.ResourceGroup!)}/providers/Microsoft.Compute/disks/{diskName}", ArmTypes.Disk, diskName, vm.Location)
            {
                ResourceGroup = vm.ResourceGroup,
                Properties = new JsonObject { ["osType"] = OsType(vm), ["diskState"] = "Attached", ["provisioningState"] = "Succeeded" },
            };
            store.AddUnlocked(disk);
            osDisk["name"] = diskName;
            osDisk["managedDisk"] ??= new JsonObject();
            osDisk["managedDisk"]!["id"] = disk.Id;
        }

        vm.ProvisioningState = "Succeeded";
        vm.AgentReadyAt = timeProvider.GetUtcNow() + behaviours.AgentReadyDelay;
        return null;
    }

    /// <summary>After a VM was deleted or failed to be created, its NICs are reserved for it for a while (400 NicReservedForAnotherVm).</summary>
    private void ReserveNicsUnlocked(ArmResource vm, bool onlyWithoutDeleteOption)
    {
        if (behaviours.NicReservationWindow <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var reference in (vm.Properties["networkProfile"]?["networkInterfaces"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var deleted = reference["properties"]?["deleteOption"]?.GetValue<string>() == "Delete";
            if ((onlyWithoutDeleteOption && deleted) || reference["id"]?.GetValue<string>() is not { } nicId || store.FindUnlocked(nicId) is not { } nic)
            {
                continue;
            }

            nic.ReservedUntil = timeProvider.GetUtcNow() + behaviours.NicReservationWindow;
            nic.ReservedFor = vm.Id;
        }
    }

    private bool AgentReadyUnlocked(ArmResource vm) =>
        vm.ProvisioningState == "Succeeded" && !faults.AgentNeverReady && timeProvider.GetUtcNow() >= (vm.AgentReadyAt ?? DateTimeOffset.MinValue);

    private static ArmError? ValidateVm(JsonObject properties)
    {
        var os = properties["osProfile"];
        if (properties["hardwareProfile"]?["vmSize"] is null || properties["storageProfile"]?["imageReference"] is null || os is null)
        {
            return ArmHttp.BadRequest("InvalidParameter", "Required parameters hardwareProfile.vmSize, storageProfile.imageReference and osProfile are missing.");
        }

        if (os["windowsConfiguration"] is not null && string.IsNullOrEmpty(os["adminPassword"]?.GetValue<string>()))
        {
            return ArmHttp.BadRequest("InvalidParameter", "Required parameter 'adminPassword' is missing (null).");
        }

        if (os["linuxConfiguration"]?["disablePasswordAuthentication"]?.GetValue<bool>() == true
            && (os["linuxConfiguration"]?["ssh"]?["publicKeys"] as JsonArray)?.Count is null or 0)
        {
            return ArmHttp.BadRequest("InvalidParameter", "Authentication using either SSH or by user name and password must be enabled in Linux profile.");
        }

        return (properties["networkProfile"]?["networkInterfaces"] as JsonArray)?.Count is null or 0
            ? ArmHttp.BadRequest("InvalidParameter", "At least one network interface is required.")
            : null;
    }

    private static string OsType(ArmResource vm) => vm.Properties["osProfile"]?["windowsConfiguration"] is not null ? "Windows" : "Linux";

    private Task<bool> GetVmAsync(ArmRequest r, string group, string name)
    {
        if (store.FindGroup(group) is null)
        {
            return Fail(r, ArmHttp.GroupNotFound(group));
        }

        var vm = store.Find(VmId(group, name));
        if (vm is null)
        {
            return Fail(r, ArmHttp.ResourceNotFound("Microsoft.Compute/virtualMachines", name, group));
        }

        var json = vm.ToJson();
        if (string.Equals(r.Query("$expand"), "instanceView", StringComparison.OrdinalIgnoreCase))
        {
            json["properties"]!["instanceView"] = InstanceView(vm);
        }

        return Json(r, 200, json);
    }

    private Task<bool> InstanceViewAsync(ArmRequest r, string group, string name)
    {
        var vm = store.Find(VmId(group, name));
        return vm is null ? Fail(r, ArmHttp.ResourceNotFound("Microsoft.Compute/virtualMachines", name, group)) : Json(r, 200, InstanceView(vm));
    }

    private JsonObject InstanceView(ArmResource vm)
    {
        var now = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var running = vm.ProvisioningState == "Succeeded";
        var agentReady = AgentReadyUnlocked(vm);
        return new JsonObject
        {
            ["computerName"] = vm.Name,
            ["osName"] = OsType(vm) == "Windows" ? "Windows Server" : "ubuntu",
            ["vmAgent"] = new JsonObject
            {
                ["vmAgentVersion"] = "2.9.1.1",
                ["statuses"] = new JsonArray(new JsonObject
                {
                    ["code"] = "ProvisioningState/succeeded",
                    ["level"] = agentReady ? "Info" : "Warning",
                    ["displayStatus"] = agentReady ? "Ready" : "Not Ready",
                    ["time"] = now,
                }),
            },
            ["statuses"] = new JsonArray(
                new JsonObject { ["code"] = $"ProvisioningState/{vm.ProvisioningState.ToLowerInvariant()}", ["level"] = "Info", ["time"] = now },
                new JsonObject { ["code"] = running ? "PowerState/running" : "PowerState/starting", ["level"] = "Info" }),
        };
    }

    private Task<bool> ListVirtualMachinesAsync(ArmRequest r, string? group)
    {
        if (r.Method != "GET")
        {
            return Task.FromResult(false);
        }

        var value = new JsonArray();
        foreach (var vm in store.Snapshot().Where(x => x.Type == ArmTypes.VirtualMachine
            && (group is null || string.Equals(x.ResourceGroup, group, StringComparison.OrdinalIgnoreCase))))
        {
            value.Add(vm.ToJson());
        }

        return Json(r, 200, new JsonObject { ["value"] = value });
    }

    private Task<bool> DeleteVmAsync(ArmRequest r, string group, string name)
    {
        LroOperation operation;
        ArmResource? vm;
        lock (store.Gate)
        {
            if (store.FindUnlocked(store.GroupId(group)) is null)
            {
                return Fail(r, ArmHttp.GroupNotFound(group));
            }

            vm = store.FindUnlocked(VmId(group, name));
            if (vm is null)
            {
                return Json(r, 204, null);
            }

            vm.ProvisioningState = "Deleting";
            var target = vm;
            operation = lro.Start(ArmOperationKind.DeleteVirtualMachine, () =>
            {
                RemoveVmUnlocked(target);
                return null;
            });
        }

        AddLroHeaders(r, "Microsoft.Compute", vm.Location, operation, withLocation: true);
        return Json(r, 202, null);
    }

    private void RemoveVmUnlocked(ArmResource vm)
    {
        foreach (var child in store.UnderUnlocked(vm.Id))
        {
            server.CancelGuest(child.Id);
            store.RemoveUnlocked(child.Id);
        }

        store.RemoveUnlocked(vm.Id);
        server.RaiseVirtualMachineRemoved(vm);
        if (vm.CreationFailed)
        {
            // Nothing was attached: no disk was made, and the NICs stay reserved from the failure.
            return;
        }

        ReserveNicsUnlocked(vm, onlyWithoutDeleteOption: true);
        var osDisk = vm.Properties["storageProfile"]?["osDisk"];
        if (osDisk?["deleteOption"]?.GetValue<string>() == "Delete" && osDisk["managedDisk"]?["id"]?.GetValue<string>() is { } diskId)
        {
            store.RemoveUnlocked(diskId);
        }

        foreach (var nic in (vm.Properties["networkProfile"]?["networkInterfaces"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (nic["properties"]?["deleteOption"]?.GetValue<string>() == "Delete" && nic["id"]?.GetValue<string>() is { } nicId)
            {
                store.RemoveUnlocked(nicId);
            }
        }
    }
}
