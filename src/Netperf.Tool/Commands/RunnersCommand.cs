using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.GitHub;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary>
/// <c>runners register|list|prune</c>: GitHub Actions self-hosted runners for pairs' clients (configure with
/// <c>Netperf:GitHub</c> and <c>Netperf:Runners</c>; the token usually comes from <c>Netperf__GitHub__Token</c>).
/// </summary>
internal static class RunnersCommand
{
    public static Command Create(ToolApp app) =>
        new("runners", "Register pairs' clients as GitHub Actions runners, list runners, remove stale ones.")
        {
            RegisterCommand(app), ListCommand(app), PruneCommand(app),
        };

    private static Command RegisterCommand(ToolApp app)
    {
        var json = CommonOptions.Json();
        var pair = CommonOptions.NotBlank(new Option<string>("--pair") { Description = "The pair whose client becomes the runner.", Required = true });
        var env = CommonOptions.NotBlank(new Option<string>("--env", "-e") { Description = "The pair's environment.", Required = true });
        var os = CommonOptions.NotBlank(new Option<string>("--os") { Description = "The pair's OS image (for the os- label and Linux/Windows).", Required = true });
        var arch = new Option<string>("--arch") { Description = "The CPU architecture.", DefaultValueFactory = _ => "x64" };
        var io = new Option<string?>("--io") { Description = "The I/O model, for the io- label." };
        var labels = new Option<string[]>("--labels") { Description = "Extra labels, comma separated.", CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() };
        var run = CommonOptions.NotBlank(new Option<string?>("--run") { Description = "The run id and attempt for the run- label (default: the pair's netperf-run tag)." });
        var ssh = new Option<string?>("--ssh") { Description = "Reach the client as [user@]host[:port] over OpenSSH (default: the client is this machine)." };
        var identity = new Option<string?>("--identity") { Description = "The SSH private key for --ssh." };
        var knownHosts = new Option<string?>("--known-hosts")
        {
            Description = "For --ssh: a known_hosts file that pins the client's host key (required; the key is never trusted on first use).",
        };
        var command = new Command("register", "Install and start an ephemeral runner on a pair's client, labelled for runs-on.")
        {
            pair, env, os, arch, io, labels, run, ssh, identity, knownHosts, json,
        };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var sshTarget = parse.GetValue(ssh);
            var pinned = parse.GetValue(knownHosts);
            if (sshTarget is not null && (string.IsNullOrWhiteSpace(pinned) || !File.Exists(pinned)))
            {
                // The runner's registration secret is about to travel to this machine: only to the one whose key we know.
                await parse.InvocationConfiguration.Error.WriteLineAsync(pinned is null
                    ? "error: --ssh needs --known-hosts FILE pinning the client's host key (take it from the client's provider or console; it is never trusted on first use)."
                    : $"error: --known-hosts file '{pinned}' does not exist.");
                return ExitCodes.Usage;
            }

            return await WithGitHubAsync(parse, services, gh => RegisterAsync(parse, services, gh, output, ct));
        }, ct));
        return command;

        async Task<int> RegisterAsync(ParseResult parse, IServiceProvider services, IServiceProvider gh, TextWriter output, CancellationToken ct)
        {
            var error = parse.InvocationConfiguration.Error;
            var pairId = parse.GetRequiredValue(pair);
            var spec = new MachineSpec { Image = parse.GetRequiredValue(os), Environment = parse.GetRequiredValue(env), Architecture = parse.GetRequiredValue(arch) };
            var catalog = services.GetRequiredService<VmPairProviderCatalog>();
            if (!catalog.TryGet(spec.Environment, out var provider))
            {
                await error.WriteLineAsync($"error: environment '{spec.Environment}' is not registered; known: {string.Join(", ", catalog.Environments)}.");
                return ExitCodes.Usage;
            }

            var record = (await provider.ListPairsAsync(ct)).FirstOrDefault(p => string.Equals(p.Id, pairId, StringComparison.OrdinalIgnoreCase));
            if (record is null)
            {
                await error.WriteLineAsync($"error: pair '{pairId}' does not exist in '{spec.Environment}'; create it with 'pairs create' first.");
                return ExitCodes.Failed;
            }

            var runId = parse.GetValue(run) ?? record.Tags.GetValueOrDefault(OwnershipTags.Run);
            var all = RunnerLabels.ForPair(pairId, spec, runId, parse.GetValue(io)).Concat(parse.GetValue(labels) ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            await using IRemoteShell shell = parse.GetValue(ssh) is { } target
                ? new OpenSshShell(ParseTarget(target, parse.GetValue(identity), parse.GetValue(knownHosts)!))
                : new LocalProcessShell();
            var machine = new Machine { Name = $"{pairId}-client", Addresses = [], OsFamily = spec.OsFamily, Shell = shell };
            var registration = await gh.GetRequiredService<RunnerInstaller>().InstallAsync(machine, RunnerInstaller.RunnerName(pairId), all, spec.Architecture, ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(new
                {
                    runnerId = registration.RunnerId,
                    name = registration.Name,
                    labels = registration.Labels,
                    mode = registration.Mode,
                    installDirectory = registration.InstallDirectory,
                    machine = registration.MachineName,
                    scope = gh.GetRequiredService<IRunnerRegistry>().Scope,
                }));
            }
            else
            {
                await output.WriteLineAsync($"{registration.Name} (id {registration.RunnerId}) started on {registration.MachineName}: {string.Join(',', registration.Labels)}");
            }

            return ExitCodes.Ok;
        }
    }

    private static Command ListCommand(ToolApp app)
    {
        var json = CommonOptions.Json();
        var all = new Option<bool>("--all") { Description = "Also list runners without the netperf label." };
        var command = new Command("list", "List runners (every page), with status, busy flag, pair and run.") { all, json };
        command.SetAction((parse, ct) => app.RunAsync(parse, (services, output) => WithGitHubAsync(parse, services, async gh =>
        {
            var runners = (await gh.GetRequiredService<IRunnerRegistry>().ListRunnersAsync(null, ct))
                .Where(r => parse.GetValue(all) || r.HasLabel(RunnerLabels.Netperf)).ToList();
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(runners.Select(Runner)));
                return ExitCodes.Ok;
            }

            foreach (var r in runners)
            {
                await output.WriteLineAsync($"{r.Id,8}  {r.Name,-40} {r.Status,-7} {(r.Busy ? "busy" : "idle")}  {string.Join(',', r.Labels.Select(l => l.Name))}");
            }

            await output.WriteLineAsync($"{runners.Count} runner(s).");
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command PruneCommand(ToolApp app)
    {
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the decisions; delete nothing." };
        var run = CommonOptions.NotBlank(new Option<string?>("--run") { Description = "Remove the idle runners of this run (its cleanup step), whatever its state." });
        var command = new Command("prune", "Remove runners whose run ended or whose pair is gone; never a busy one.") { dryRun, run, json };
        command.SetAction((parse, ct) => app.RunAsync(parse, (services, output) => WithGitHubAsync(parse, services, async gh =>
        {
            var janitor = gh.GetRequiredService<RunnerJanitor>();
            var report = parse.GetValue(run) is { } runId
                ? await janitor.RemoveRunAsync(runId, parse.GetValue(dryRun), ct)
                : await janitor.PruneAsync(parse.GetValue(dryRun), ct);
            var failed = report.Decisions.Count(d => d.Action == RunnerPruneAction.Failed);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(PairJson.Serialize(new
                {
                    dryRun = report.DryRun,
                    decisions = report.Decisions.Select(d => new { id = d.Runner.Id, name = d.Runner.Name, action = d.Action, reason = d.Reason }),
                    removed = report.Removed.Select(r => r.Name),
                    failed,
                }));
            }
            else
            {
                foreach (var d in report.Decisions)
                {
                    await output.WriteLineAsync($"  {d.Action,-11} {d.Runner.Name} (id {d.Runner.Id}): {d.Reason}");
                }

                await output.WriteLineAsync($"{report.Removed.Count()} {(report.DryRun ? "would be removed" : "removed")}, {failed} failed, {report.Decisions.Count - report.Removed.Count() - failed} kept.");
            }

            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }), ct));
        return command;
    }

    private static object Runner(RunnerInfo r) => new
    {
        id = r.Id,
        name = r.Name,
        status = r.Status,
        busy = r.Busy,
        ephemeral = r.Ephemeral,
        labels = r.Labels.Select(l => l.Name),
        pair = RunnerLabels.FindPairId(r),
        run = RunnerLabels.FindRunId(r),
    };

    /// <summary>
    /// The GitHub services live in a small container of their own so that commands which do not talk to
    /// GitHub never need its settings; it shares the host's configuration, clock, logging and providers.
    /// </summary>
    internal static async Task<int> WithGitHubAsync(ParseResult parse, IServiceProvider host, Func<IServiceProvider, Task<int>> body)
    {
        var services = new ServiceCollection();
        services.AddSingleton(host.GetRequiredService<IConfiguration>());
        services.AddSingleton(host.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(host.GetService<TimeProvider>() ?? TimeProvider.System);
        foreach (var provider in host.GetServices<IVmPairProvider>())
        {
            services.AddSingleton<IVmPairProvider>(provider);
        }

        foreach (var check in host.GetServices<IRunLivenessCheck>())
        {
            services.AddSingleton<IRunLivenessCheck>(check);
        }

        services.AddNetperf().AddGitHubRunners();
        await using var gh = services.BuildServiceProvider();
        try
        {
            _ = gh.GetRequiredService<IOptions<GitHubOptions>>().Value;
            _ = gh.GetRequiredService<IOptions<RunnerInstallOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"configuration error: {failure}");
            }

            return ExitCodes.Usage;
        }

        return await body(gh);
    }

    private static OpenSshTarget ParseTarget(string value, string? identity, string knownHosts)
    {
        var at = value.LastIndexOf('@');
        var user = at > 0 ? value[..at] : null;
        var hostPort = value[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        int? port = colon > 0 && int.TryParse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;
        return new OpenSshTarget
        {
            Host = port is null ? hostPort : hostPort[..colon],
            Port = port,
            User = user,
            IdentityFile = identity,
            KnownHostsFile = Path.GetFullPath(knownHosts),
            HostKeyPolicy = HostKeyPolicy.Strict,
        };
    }
}
