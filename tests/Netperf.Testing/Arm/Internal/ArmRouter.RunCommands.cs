using System.Globalization;
using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>
/// Managed run commands (<c>virtualMachines/{vm}/runCommands/{name}</c>): PUT starts the script
/// through the guest handler and completes when it ends; GET with <c>$expand=instanceView</c>
/// returns exit code and output; protected parameters are never echoed; DELETE cancels.
/// </summary>
internal sealed partial class ArmRouter
{
    private Task<bool> RunCommandAsync(ArmRequest r, string group, string vmName, string name) => r.Method switch
    {
        "PUT" => PutRunCommandAsync(r, group, vmName, name),
        "GET" => GetRunCommandAsync(r, group, vmName, name),
        "DELETE" => DeleteRunCommandAsync(r, group, vmName, name),
        _ => Task.FromResult(false),
    };

    private Task<bool> PutRunCommandAsync(ArmRequest r, string group, string vmName, string name)
    {
        var properties = r.Body?["properties"]?.DeepClone() as JsonObject;
        var script = properties?["source"]?["script"]?.GetValue<string>();
        if (properties is null || script is null)
        {
            return Fail(r, ArmHttp.BadRequest("InvalidParameter", "properties.source.script is required (scriptUri and commandId are not supported by the fake)."));
        }

        ArmResource command;
        LroOperation operation;
        int status;
        lock (store.Gate)
        {
            if (CheckGroupForWriteUnlocked(group) is { } groupError)
            {
                return Fail(r, groupError);
            }

            var vm = store.FindUnlocked(VmId(group, vmName));
            if (vm is null)
            {
                return Fail(r, ArmHttp.ResourceNotFound("Microsoft.Compute/virtualMachines", vmName, group));
            }

            if (vm.ProvisioningState != "Succeeded")
            {
                return Fail(r, new ArmError(409, "OperationNotAllowed", $"The operation is not allowed while VM '{vmName}' is in provisioning state '{vm.ProvisioningState}'."));
            }

            var id = $"{vm.Id}/runCommands/{name}";
            if (behaviours.RejectConcurrentRunCommands && BusyRunCommandUnlocked(vm, id) is { } busy)
            {
                return Fail(r, new ArmError(409, "Conflict",
                    $"Run command extension execution is in progress (run command '{busy}'). Please wait for completion before invoking a run command."));
            }

            var existing = store.FindUnlocked(id);
            server.CancelGuest(id);
            var parameters = ReadParameters(properties["parameters"]);
            var protectedParameters = ReadParameters(properties["protectedParameters"]);
            properties.Remove("protectedParameters");
            properties.Remove("runAsPassword");
            command = existing ?? new ArmResource(id, ArmTypes.RunCommand, name, vm.Location) { ResourceGroup = vm.ResourceGroup };
            command.Tags = ArmHttp.ReadTags(r.Body);
            command.Properties = properties;
            command.ProvisioningState = existing is null ? "Creating" : "Updating";
            status = existing is null ? 201 : 200;
            if (existing is null)
            {
                store.AddUnlocked(command);
            }

            var all = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
            foreach (var (key, value) in protectedParameters)
            {
                all[key] = value;
            }

            var guest = new GuestCommand
            {
                ResourceGroup = vm.ResourceGroup!,
                VmName = vm.Name,
                RunCommandName = name,
                OsType = OsType(vm),
                AdminUsername = vm.Properties["osProfile"]?["adminUsername"]?.GetValue<string>(),
                PrivateIpAddress = PrivateAddressUnlocked(vm),
                VirtualNetworkId = VirtualNetworkUnlocked(vm),
                HasOutboundAccess = HasOutboundAccessUnlocked(vm),
                VmTags = new Dictionary<string, string>(vm.Tags, StringComparer.OrdinalIgnoreCase),
                Script = script,
                Parameters = all,
                ProtectedParameterNames = new HashSet<string>(protectedParameters.Keys, StringComparer.Ordinal),
            };
            var timeout = TimeSpan.FromSeconds(properties["timeoutInSeconds"]?.GetValue<int>() is int seconds and > 0 ? seconds : 5400);
            var execution = AgentReadyUnlocked(vm) ? server.StartGuest(id, guest, timeout) : null;
            SetExecutionView(command, execution, null);
            var treatFailure = properties["treatFailureAsDeploymentFailure"]?.GetValue<bool>() == true;

            // The first Run Command on a VM installs the extension first: minutes, as recorded; later ones take tens of seconds.
            var latency = vm.HasRunCommandExtension ? behaviours.RunCommandLatency : behaviours.FirstRunCommandLatency;
            vm.HasRunCommandExtension = true;
            operation = lro.Start(ArmOperationKind.RunCommand,
                () => CompleteRunCommandUnlocked(command, execution, treatFailure),
                readyWhen: () => execution is null || execution.Task.IsCompleted,
                minDuration: latency);
        }

        AddLroHeaders(r, "Microsoft.Compute", command.Location, operation, withLocation: false);
        return Json(r, status, command.ToJson());
    }

    private ArmError? CompleteRunCommandUnlocked(ArmResource command, GuestExecution? execution, bool treatFailureAsDeploymentFailure)
    {
        if (execution is null)
        {
            command.ProvisioningState = "Failed";
            return new ArmError(200, "VMAgentStatusCommunicationError",
                $"VM has not reported status for VM agent or extensions. Verify that the VM has a running VM agent and can establish outbound connections to Azure storage.");
        }

        var report = faults.TakeMisreport();
        SetExecutionView(command, execution, report);
        var failed = report is not null ? report.ExecutionState != "Succeeded" : execution.Result is not { ExitCode: 0 };
        command.ProvisioningState = failed && treatFailureAsDeploymentFailure ? "Failed" : "Succeeded";
        return failed && treatFailureAsDeploymentFailure
            ? new ArmError(200, "VMExtensionProvisioningError", "The run command script failed.")
            : null;
    }

    private void SetExecutionView(ArmResource command, GuestExecution? execution, RunCommandReport? report)
    {
        var view = new JsonObject
        {
            ["executionState"] = "Pending",
            ["executionMessage"] = string.Empty,
            ["statuses"] = new JsonArray(),
        };
        if (execution is not null)
        {
            view["startTime"] = execution.StartedAt.ToString("O", CultureInfo.InvariantCulture);
            if (!execution.Task.IsCompleted)
            {
                view["executionState"] = "Running";
            }
            else if (report is not null)
            {
                // What ARM reported, not what the script did (recorded: Failed, exit code 3, no output, for a script that exited 5).
                view["executionState"] = report.ExecutionState;
                view["executionMessage"] = report.ExecutionMessage;
                view["exitCode"] = report.ExitCode;
                view["output"] = report.KeepOutput ? Tail(execution.Result?.Output) : string.Empty;
                view["error"] = report.KeepOutput ? Tail(execution.Result?.Error) : string.Empty;
                view["endTime"] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            }
            else if (execution.Result is { } result)
            {
                view["executionState"] = result.ExitCode == 0 ? "Succeeded" : "Failed";
                view["exitCode"] = result.ExitCode;
                view["output"] = Tail(result.Output);
                view["error"] = Tail(result.Error);
                view["endTime"] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            }
            else
            {
                view["executionState"] = "TimedOut";
                view["executionMessage"] = "Execution timed out.";
                view["exitCode"] = -1;
                view["output"] = string.Empty;
                view["error"] = string.Empty;
            }
        }

        command.Properties["instanceView"] = view;
    }

    private Task<bool> GetRunCommandAsync(ArmRequest r, string group, string vmName, string name)
    {
        var command = store.Find($"{VmId(group, vmName)}/runCommands/{name}");
        if (command is null)
        {
            return Fail(r, ArmHttp.ResourceNotFound("Microsoft.Compute/virtualMachines/runCommands", $"{vmName}/{name}", group));
        }

        var json = command.ToJson();
        if (!string.Equals(r.Query("$expand"), "instanceView", StringComparison.OrdinalIgnoreCase))
        {
            (json["properties"] as JsonObject)?.Remove("instanceView");
        }

        return Json(r, 200, json);
    }

    private Task<bool> ListRunCommandsAsync(ArmRequest r, string group, string vmName)
    {
        var vmId = VmId(group, vmName);
        var value = new JsonArray();
        foreach (var command in store.Snapshot().Where(x => x.Type == ArmTypes.RunCommand && x.Id.StartsWith(vmId + "/", StringComparison.OrdinalIgnoreCase)))
        {
            var json = command.ToJson();
            (json["properties"] as JsonObject)?.Remove("instanceView");
            value.Add(json);
        }

        return Json(r, 200, new JsonObject { ["value"] = value });
    }

    private Task<bool> DeleteRunCommandAsync(ArmRequest r, string group, string vmName, string name)
    {
        LroOperation operation;
        ArmResource? command;
        lock (store.Gate)
        {
            command = store.FindUnlocked($"{VmId(group, vmName)}/runCommands/{name}");
            if (command is null)
            {
                return Json(r, 204, null);
            }

            server.CancelGuest(command.Id);
            command.ProvisioningState = "Deleting";
            var target = command;
            operation = lro.Start(ArmOperationKind.DeleteRunCommand, () =>
            {
                store.RemoveUnlocked(target.Id);
                return null;
            }, minDuration: behaviours.RunCommandDeleteLatency);
        }

        AddLroHeaders(r, "Microsoft.Compute", command.Location, operation, withLocation: true);
        return Json(r, 202, null);
    }

    /// <summary>Managed Run Command keeps only the last bytes of output and of error in its instance view.</summary>
    private string Tail(string? text)
    {
        text ??= string.Empty;
        var limit = behaviours.RunCommandOutputLimit;
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (limit <= 0 || bytes.Length <= limit)
        {
            return text;
        }

        // Cut at a character boundary: skip continuation bytes (10xxxxxx) at the start of the tail.
        var start = bytes.Length - limit;
        while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return System.Text.Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>Another run command of the VM that is still running or being deleted, if any.</summary>
    private string? BusyRunCommandUnlocked(ArmResource vm, string exceptId) =>
        store.UnderUnlocked(vm.Id)
            .Where(c => c.Type == ArmTypes.RunCommand && !string.Equals(c.Id, exceptId, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(c => c.ProvisioningState is "Creating" or "Updating" or "Deleting")?.Name;

    /// <summary>
    /// Whether the VM can reach the internet: its NIC has a public IP, or its subnet has a NAT gateway with a public IP,
    /// or the subnet allows default outbound access (explicitly, or by not saying so when subnets are not private by default).
    /// </summary>
    private bool HasOutboundAccessUnlocked(ArmResource vm)
    {
        var ipConfiguration = FirstIpConfigurationUnlocked(vm);
        if (ipConfiguration?["publicIPAddress"]?["id"] is not null)
        {
            return true;
        }

        var subnetId = ipConfiguration?["subnet"]?["id"]?.GetValue<string>();
        var marker = subnetId?.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (marker <= 0 || store.FindUnlocked(subnetId![..marker]) is not { } vnet || FindSubnet(vnet, subnetId) is not { } subnet)
        {
            return false;
        }

        var properties = subnet["properties"];
        if (properties?["natGateway"]?["id"]?.GetValue<string>() is { } natId
            && store.FindUnlocked(natId) is { } nat
            && (nat.Properties["publicIpAddresses"] as JsonArray)?.Count > 0)
        {
            return true;
        }

        return properties?["defaultOutboundAccess"]?.GetValue<bool>() ?? !behaviours.SubnetsPrivateByDefault;
    }

    private static Dictionary<string, string> ReadParameters(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in (node as JsonArray ?? []).OfType<JsonObject>())
        {
            if (item["name"]?.GetValue<string>() is { } key)
            {
                result[key] = item["value"]?.GetValue<string>() ?? string.Empty;
            }
        }

        return result;
    }

    private string? PrivateAddressUnlocked(ArmResource vm) =>
        FirstIpConfigurationUnlocked(vm)?["privateIPAddress"]?.GetValue<string>();

    private string? VirtualNetworkUnlocked(ArmResource vm)
    {
        var subnetId = FirstIpConfigurationUnlocked(vm)?["subnet"]?["id"]?.GetValue<string>();
        var marker = subnetId?.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase) ?? -1;
        return marker > 0 ? subnetId![..marker] : subnetId;
    }

    private JsonNode? FirstIpConfigurationUnlocked(ArmResource vm)
    {
        var nicId = (vm.Properties["networkProfile"]?["networkInterfaces"] as JsonArray)?.FirstOrDefault()?["id"]?.GetValue<string>();
        return nicId is null ? null : store.FindUnlocked(nicId)?.Properties["ipConfigurations"]?[0]?["properties"];
    }
}
