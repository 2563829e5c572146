using System.Text.Json;
using System.Text.Json.Serialization;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;

namespace Netperf.Tool.Cli;

/// <summary>The JSON shapes the tool writes; workflows parse these, so fields are only ever added.</summary>
internal static class PairJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);

    public static object Pair(VmPair pair, ReadinessReport readiness) => new
    {
        id = pair.Id,
        environment = pair.Environment,
        ready = readiness.IsReady,
        transport = readiness.Transport,
        image = pair.Spec.Image,
        arch = pair.Spec.Architecture,
        size = pair.Spec.Size,
        owner = pair.Owner,
        run = pair.RunId,
        createdAt = pair.CreatedAt,
        expiresAt = pair.ExpiresAt,
        client = Machine(pair.Client),
        peer = Machine(pair.Peer),
        readiness = readiness.Steps.Select(s => new { name = s.Name, outcome = s.Outcome, durationMs = Math.Round(s.Duration.TotalMilliseconds), detail = s.Detail }),
    };

    public static object Record(PairRecord record) => new
    {
        id = record.Id,
        environment = record.Environment,
        owner = record.Tags.GetValueOrDefault(OwnershipTags.Owner),
        run = record.Tags.GetValueOrDefault(OwnershipTags.Run),
        expiresAt = OwnershipTags.TryGetExpiry(record.Tags),
        createdAt = record.CreatedAt,
        ours = OwnershipTags.IsOurs(record.Tags),
        tags = record.Tags,
    };

    public static object Report(JanitorReport report, IReadOnlyList<string> plans, IReadOnlyList<string> runnerFolders) => new
    {
        dryRun = report.DryRun,
        succeeded = report.Succeeded,
        plannedAt = report.Plan.CreatedAt,
        decisions = report.Plan.Decisions.Select(d => new
        {
            id = d.Record.Id,
            environment = d.Record.Environment,
            action = d.Action,
            reason = d.Reason,
            detail = d.Detail,
        }),
        deleted = report.Deleted,
        failed = report.Failed,
        listFailures = report.Plan.ListFailures,
        plans,
        runnerFolders,
    };

    private static object Machine(Machine machine) => new
    {
        name = machine.Name,
        addresses = machine.Addresses,
        os = machine.OsFamily,
        session = machine.Shell.Description,
    };
}
