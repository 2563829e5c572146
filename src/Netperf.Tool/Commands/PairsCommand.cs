using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Pairs;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary><c>pairs create|list|delete</c>: pairs that outlive the process (workflows create, use, then delete them).</summary>
internal static partial class PairsCommand
{
    public static Command Create(ToolApp app)
    {
        var command = new Command("pairs", "Create, list and delete machine pairs.");
        command.Add(CreateCommand(app));
        command.Add(ListCommand(app));
        command.Add(DeleteCommand(app));
        return command;
    }

    private static Command ListCommand(ToolApp app)
    {
        var json = CommonOptions.Json();
        var env = CommonOptions.Environment("Only this environment (default: every registered environment).");
        var command = new Command("list", "List the pairs that exist, with their ownership tags.") { json, env };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var catalog = services.GetRequiredService<VmPairProviderCatalog>();
            IReadOnlyList<IVmPairProvider> providers = parse.GetValue(env) is { } only ? [EnvironmentLookup.Get(catalog, only)] : catalog.Providers;
            var records = new List<PairRecord>();
            foreach (var provider in providers)
            {
                records.AddRange(await provider.ListPairsAsync(ct));
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(records.Select(PairJson.Record)));
                return ExitCodes.Ok;
            }

            if (records.Count == 0)
            {
                await output.WriteLineAsync($"No pairs in {(providers.Count == 0 ? "any environment (none registered)" : string.Join(", ", providers.Select(p => p.Environment)))}.");
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"{"ID",-16} {"ENV",-8} {"OWNER",-14} {"RUN",-20} EXPIRES");
            foreach (var record in records)
            {
                var tags = record.Tags;
                var expires = OwnershipTags.TryGetExpiry(tags)?.ToString("u") ?? "-";
                await output.WriteLineAsync($"{record.Id,-16} {record.Environment,-8} {tags.GetValueOrDefault(OwnershipTags.Owner, "-"),-14} {tags.GetValueOrDefault(OwnershipTags.Run, "-"),-20} {expires}{(OwnershipTags.IsOurs(tags) ? string.Empty : "  (not ours)")}");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command DeleteCommand(ToolApp app)
    {
        var json = CommonOptions.Json();
        var env = CommonOptions.Environment("The pair's environment (default: found by listing every environment).");
        var id = new Argument<string>("id") { Description = "The pair id, as printed by 'pairs create' or 'pairs list'." };
        var command = new Command("delete", "Delete a pair and every resource of it.") { id, json, env };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var catalog = services.GetRequiredService<VmPairProviderCatalog>();
            var pairId = parse.GetRequiredValue(id);
            IReadOnlyList<IVmPairProvider> candidates = parse.GetValue(env) is { } only ? [EnvironmentLookup.Get(catalog, only)] : catalog.Providers;
            IVmPairProvider? provider = null;
            foreach (var candidate in candidates)
            {
                var records = await candidate.ListPairsAsync(ct);
                if (records.Any(r => string.Equals(r.Id, pairId, StringComparison.Ordinal)))
                {
                    provider = candidate;
                    break;
                }
            }

            if (provider is null)
            {
                // Deleting what does not exist is not a success: say so, with its own exit code (a cleanup step may accept it).
                var where = candidates.Count == 0 ? "any environment (none registered)" : string.Join(", ", candidates.Select(c => c.Environment));
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: no pair '{pairId}' in {where}; nothing was deleted. See 'pairs list'.");
                return ExitCodes.NotFound;
            }

            await provider.DeletePairAsync(pairId, ct);
            await output.WriteLineAsync(parse.GetValue(json)
                ? PairJson.Serialize(new { id = pairId, environment = provider.Environment, deleted = true })
                : $"Deleted {provider.Environment}/{pairId}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
