using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Netperf.Testing.Arm.Internal;

/// <summary>
/// The fake's single entry point: parses, journals, applies throttling, latency and rejections,
/// then dispatches to the handler for the resource kind (see the other <c>ArmRouter.*.cs</c> files).
/// </summary>
internal sealed partial class ArmRouter(FakeArmServer server, ArmStateStore store, ArmFaults faults, ArmBehaviours behaviours, LroEngine lro, TimeProvider timeProvider)
{
    private static readonly HashSet<ArmOperationKind> LongRunning =
    [
        ArmOperationKind.DeleteResourceGroup, ArmOperationKind.CreateVirtualMachine, ArmOperationKind.DeleteVirtualMachine,
        ArmOperationKind.RunCommand, ArmOperationKind.CreateNetworkResource, ArmOperationKind.DeleteNetworkResource,
        ArmOperationKind.DeleteRunCommand,
    ];

    private string Sub => store.SubscriptionId;

    private string Base => server.Audience;

    public async Task HandleAsync(HttpContext context)
    {
        var request = await ParseAsync(context).ConfigureAwait(false);
        if (request is null)
        {
            await ArmHttp.ErrorAsync(context, ArmHttp.BadRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized.")).ConfigureAwait(false);
            return;
        }

        EchoIds(context);
        if (await TryTokenEndpointsAsync(request).ConfigureAwait(false))
        {
            return;
        }

        request.Kind = Classify(request);
        server.RaiseRequest(request.Method, context.Request.Path + context.Request.QueryString, request.Kind);
        try
        {
            await HandleArmAsync(request).ConfigureAwait(false);
        }
        finally
        {
            server.Journal(new ArmRequestRecord(request.Method, context.Request.Path + context.Request.QueryString, context.Response.StatusCode, request.Kind, request.Body?.ToJsonString()));
        }
    }

    private async Task HandleArmAsync(ArmRequest request)
    {
        var context = request.Context;
        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri=\"{Base}/{server.TenantId}\", error=\"invalid_token\"";
            await ArmHttp.ErrorAsync(context, new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")).ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(request.Query("api-version")))
        {
            await ArmHttp.ErrorAsync(context, ArmHttp.BadRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")).ConfigureAwait(false);
            return;
        }

        if (faults.TakeThrottle(request.Kind) is { } throttle)
        {
            if (throttle.InMilliseconds)
            {
                context.Response.Headers["retry-after-ms"] = ((int)throttle.RetryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(throttle.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await ArmHttp.ErrorAsync(context, throttle.Error()).ConfigureAwait(false);
            return;
        }

        if (!LongRunning.Contains(request.Kind) && faults.LatencyOf(request.Kind) is { } latency && latency > TimeSpan.Zero)
        {
            // An aborted request never reaches the state, like a request the server did not receive.
            await Task.Delay(latency, timeProvider, context.RequestAborted).ConfigureAwait(false);
        }

        if (faults.TakeRejection(request.Kind) is { } rejection)
        {
            await ArmHttp.ErrorAsync(context, rejection).ConfigureAwait(false);
            return;
        }

        var handled = await DispatchAsync(request).ConfigureAwait(false);
        if (!handled)
        {
            await ArmHttp.ErrorAsync(context, new ArmError(404, "NoRegisteredProviderFound",
                $"No registered resource provider found for '{request.Method} {context.Request.Path}'.")).ConfigureAwait(false);
        }
    }

    private Task<bool> DispatchAsync(ArmRequest r)
    {
        // /subscriptions[/{s}[...]]
        if (!r.Is(0, "subscriptions"))
        {
            return Task.FromResult(false);
        }

        if (r.Length <= 2)
        {
            return SubscriptionsAsync(r);
        }

        if (!string.Equals(r[1], Sub, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(r, new ArmError(404, "SubscriptionNotFound", $"The subscription '{r[1]}' could not be found."));
        }

        if (r.Is(2, "providers") && r.Length == 4)
        {
            return ProviderAsync(r, r[3]);
        }

        if (r.Is(2, "providers") && r.Length == 8 && r.Is(4, "locations") && (r.Is(6, "operations") || r.Is(6, "operationresults")))
        {
            return OperationStatusAsync(r, r[7]);
        }

        if (r.Is(2, "providers") && r.Length == 5 && r.Is(3, "Microsoft.Compute") && r.Is(4, "virtualMachines"))
        {
            return ListVirtualMachinesAsync(r, null);
        }

        if (r.Is(2, "operationresults") && r.Length == 4)
        {
            return GroupDeleteStatusAsync(r, r[3]);
        }

        if (r.Is(2, "resources") && r.Length == 3)
        {
            return ListResourcesAsync(r, null);
        }

        if (!r.Is(2, "resourcegroups"))
        {
            return Task.FromResult(false);
        }

        if (r.Length == 3)
        {
            return ListResourceGroupsAsync(r);
        }

        var group = r[3];
        if (r.Length == 4)
        {
            return ResourceGroupAsync(r, group);
        }

        if (r.Length == 5 && r.Is(4, "resources"))
        {
            return ListResourcesAsync(r, group);
        }

        if (!r.Is(4, "providers") || r.Length < 7)
        {
            return Task.FromResult(false);
        }

        if (r.Is(5, "Microsoft.Compute") && r.Is(6, "virtualMachines"))
        {
            return r.Length switch
            {
                7 => ListVirtualMachinesAsync(r, group),
                8 => VirtualMachineAsync(r, group, r[7]),
                9 when r.Is(8, "instanceView") => InstanceViewAsync(r, group, r[7]),
                9 when r.Is(8, "runCommands") => ListRunCommandsAsync(r, group, r[7]),
                10 when r.Is(8, "runCommands") => RunCommandAsync(r, group, r[7], r[9]),
                _ => Task.FromResult(false),
            };
        }

        return r.Length == 8 ? GenericResourceAsync(r, group, r[5], r[6], r[7]) : Task.FromResult(false);
    }

    private static ArmOperationKind Classify(ArmRequest r)
    {
        var method = r.Method;
        if (method == "GET")
        {
            var isPoll = (r.Length == 8 && r.Is(2, "providers") && r.Is(4, "locations") && (r.Is(6, "operations") || r.Is(6, "operationresults")))
                || (r.Length == 4 && r.Is(2, "operationresults"));
            return isPoll ? ArmOperationKind.PollOperation : ArmOperationKind.Read;
        }

        var isGroup = r.Length == 4 && r.Is(2, "resourcegroups");
        var isVm = r.Length == 8 && r.Is(6, "virtualMachines");
        var isRunCommand = r.Length == 10 && r.Is(8, "runCommands");
        return (method, isGroup, isVm, isRunCommand) switch
        {
            ("PUT", true, _, _) => ArmOperationKind.CreateResourceGroup,
            ("DELETE", true, _, _) => ArmOperationKind.DeleteResourceGroup,
            ("PUT", _, true, _) => ArmOperationKind.CreateVirtualMachine,
            ("DELETE", _, true, _) => ArmOperationKind.DeleteVirtualMachine,
            ("PUT", _, _, true) => ArmOperationKind.RunCommand,
            ("DELETE", _, _, true) => ArmOperationKind.DeleteRunCommand,
            ("PUT", _, _, _) => ArmOperationKind.CreateNetworkResource,
            ("DELETE", _, _, _) => ArmOperationKind.DeleteNetworkResource,
            _ => ArmOperationKind.Read,
        };
    }

    private static async Task<ArmRequest?> ParseAsync(HttpContext context)
    {
        JsonNode? body = null;
        var json = context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        if (json && context.Request.ContentLength is null or > 0)
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return new ArmRequest
        {
            Context = context,
            Method = context.Request.Method.ToUpperInvariant(),
            Segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries),
            Body = body,
        };
    }

    private static void EchoIds(HttpContext context)
    {
        var clientId = context.Request.Headers["x-ms-client-request-id"].ToString();
        if (clientId.Length > 0)
        {
            context.Response.Headers["x-ms-client-request-id"] = clientId;
        }

        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-request-id"] = requestId;
        context.Response.Headers["x-ms-correlation-request-id"] = requestId;
    }

    private static async Task<bool> Fail(ArmRequest r, ArmError error)
    {
        await ArmHttp.ErrorAsync(r.Context, error).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> Json(ArmRequest r, int status, JsonNode? body)
    {
        await ArmHttp.JsonAsync(r.Context, status, body).ConfigureAwait(false);
        return true;
    }

    private string AsyncOperationUrl(string providerNamespace, string location, LroOperation operation) =>
        $"{Base}/subscriptions/{Sub}/providers/{providerNamespace}/locations/{location}/operations/{operation.Id}?p={operation.Id}&api-version=2023-07-01";

    private string OperationResultUrl(string providerNamespace, string location, LroOperation operation) =>
        $"{Base}/subscriptions/{Sub}/providers/{providerNamespace}/locations/{location}/operationResults/{operation.Id}?p={operation.Id}&monitor=true&api-version=2023-07-01";

    /// <summary>A poll of an unfinished operation carries Retry-After (whole seconds), as ARM's do.</summary>
    private void AddPollRetryAfter(ArmRequest r, LroOperation operation)
    {
        if (!operation.IsDone && behaviours.PollRetryAfter is { } retryAfter)
        {
            r.Context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The tags a resource gets from a PUT: the request's, plus what policy adds.</summary>
    private Dictionary<string, string> TagsOf(ArmRequest r)
    {
        var tags = ArmHttp.ReadTags(r.Body);
        foreach (var (key, value) in behaviours.PolicyTags)
        {
            tags.TryAdd(key, value);
        }

        return tags;
    }

    private void AddLroHeaders(ArmRequest r, string providerNamespace, string location, LroOperation operation, bool withLocation)
    {
        r.Context.Response.Headers["Azure-AsyncOperation"] = AsyncOperationUrl(providerNamespace, location, operation);
        if (withLocation)
        {
            r.Context.Response.Headers.Location = OperationResultUrl(providerNamespace, location, operation);
        }
    }
}
