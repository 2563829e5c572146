using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

internal static partial class PairsCommand
{
    private static Command CreateCommand(ToolApp app)
    {
        var json = CommonOptions.Json();
        var env = CommonOptions.NotBlank(new Option<string>("--env", "-e") { Description = "The environment: local, lab, azure, ...", Required = true });
        var os = CommonOptions.NotBlank(new Option<string>("--os") { Description = "The OS image, such as ubuntu-24.04 or windows-2022.", Required = true });
        var arch = CommonOptions.NotBlank(new Option<string>("--arch") { Description = "The CPU architecture.", DefaultValueFactory = _ => "x64" });
        var size = CommonOptions.NotBlank(new Option<string?>("--size") { Description = "A provider-specific size (default: the provider's choice)." });
        var count = WholeNumbers.Option("--count", "How many pairs, all or nothing: if one fails or the command is cancelled (Ctrl+C, SIGTERM), every pair made is deleted.", 1, 1, 64, "-n");
        var owner = CommonOptions.NotBlank(new Option<string?>("--owner") { Description = "The netperf-owner tag (default: Netperf:Pool:Owner)." });
        var run = CommonOptions.NotBlank(new Option<string?>("--run") { Description = "The netperf-run tag (default: GITHUB_REPOSITORY/GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT, else cli-<time>)." });
        var ttl = new Option<TimeSpan?>("--ttl") { Description = "Time to live before the janitor may delete the pairs, such as 2h (default: Netperf:Pool:PairTimeToLive).", CustomParser = r => Durations.Parse(r) };
        var tools = CommonOptions.NotBlank(new Option<string[]>("--tool") { Description = "A tool that must answer on both machines (repeatable), such as iperf3.", AllowMultipleArgumentsPerToken = false });
        var shell = new Option<string>("--shell")
        {
            Description = "The shell the pair must be ready for: 'sh' (ssh to netperf-peer) or 'pwsh' (also PowerShell 7 on both machines and Invoke-Command -HostName netperf-peer from the client). Windows images are always pwsh.",
            DefaultValueFactory = _ => "sh",
        };
        shell.AcceptOnlyFromAmong("sh", "pwsh");
        var attempts = WholeNumbers.Option("--attempts", "Tries per pair before giving up.", 2, 1, 10);

        var command = new Command("create", "Create pairs, make them test-ready and prove it. They stay until 'pairs delete' or the janitor.")
        {
            env, os, arch, size, count, owner, run, ttl, tools, shell, attempts, json,
        };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var catalog = services.GetRequiredService<VmPairProviderCatalog>();
            var poolOptions = services.GetRequiredService<IOptions<PairPoolOptions>>().Value;
            var spec = new MachineSpec { Image = parse.GetRequiredValue(os), Environment = parse.GetRequiredValue(env), Architecture = parse.GetRequiredValue(arch), Size = parse.GetValue(size) };
            var provider = EnvironmentLookup.Get(catalog, spec);
            var provisioner = services.GetRequiredService<PairProvisioner>();
            var request = new PairRequest
            {
                Spec = spec,
                Owner = parse.GetValue(owner) ?? poolOptions.Owner,
                RunId = parse.GetValue(run) ?? DefaultRunId(services.GetRequiredService<TimeProvider>()),
                TimeToLive = parse.GetValue(ttl) ?? poolOptions.PairTimeToLive,
                RequirePowerShell = parse.GetValue(shell) == "pwsh",
            };
            var requirements = new BootstrapRequirements { Tools = parse.GetValue(tools) ?? [], RequirePowerShell = parse.GetValue(shell) == "pwsh" };
            var n = parse.GetValue(count);
            var error = parse.InvocationConfiguration.Error;
            var batch = new PairBatch(provisioner, provider, error, services.GetRequiredService<TimeProvider>());
            var outcome = await batch.CreateAsync(
                request, requirements, n, parse.GetValue(attempts), poolOptions.MaxParallelProvisioning, () => app.BeginCleanup(parse), ct);
            if (outcome.Kept.Count == 0 && outcome.Refused is { } refused && outcome.Left.Count == 0)
            {
                // Nothing was made: the request itself cannot be met here (bad input, like a usage error).
                await error.WriteLineAsync($"error: {refused}");
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync("[]");
                }

                return ExitCodes.Usage;
            }

            if (outcome.Kept.Count == 0)
            {
                if (outcome.Left.Count > 0)
                {
                    await error.WriteLineAsync(
                        $"warning: cleanup {outcome.CleanupStopReason ?? "failed"}; left in {provider.Environment}: {string.Join(", ", outcome.Left)}. " +
                        $"Delete them with 'netperf pairs delete ID --env {provider.Environment}', or the janitor will once they expire.");
                }
                else
                {
                    await error.WriteLineAsync(outcome.Cancelled ? "cancelled: every pair made was deleted." : $"error: none of the {n} pair(s) was kept; every pair made was deleted.");
                }

                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync("[]");
                }

                return outcome.Cancelled ? app.Signals.ExitCode ?? ExitCodes.Failed : ExitCodes.Failed;
            }

            var made = outcome.Kept;
            try
            {
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(PairJson.Serialize(made.Select(p => PairJson.Pair(p.Pair, p.Readiness))));
                }
                else
                {
                    foreach (var p in made)
                    {
                        await output.WriteLineAsync(
                            $"{p.Pair.Id}  {p.Pair.Environment}  {p.Pair.Spec.Image}  ready over {p.Readiness.Transport} in {p.Readiness.Duration.TotalSeconds:0.0}s  " +
                            $"client {First(p.Pair.Client.Addresses)}  peer {First(p.Pair.Peer.Addresses)}  expires {p.Pair.ExpiresAt:u}");
                    }
                }

                return ExitCodes.Ok;
            }
            finally
            {
                // Sessions end with the process; the pairs stay.
                await PairBatch.CloseSessionsAsync(made);
            }
        }, ct));
        return command;
    }

    private static string First(IReadOnlyList<string> addresses) => addresses.Count > 0 ? addresses[0] : "-";

    internal static string DefaultRunId(TimeProvider time)
    {
        // In a GitHub workflow the run id names the repository too, so the janitor asks GitHub about that repository's run.
        var repository = System.Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var runId = System.Environment.GetEnvironmentVariable("GITHUB_RUN_ID");
        var attempt = System.Environment.GetEnvironmentVariable("GITHUB_RUN_ATTEMPT") ?? "1";
        return !string.IsNullOrEmpty(repository) && long.TryParse(runId, CultureInfo.InvariantCulture, out var run) && long.TryParse(attempt, CultureInfo.InvariantCulture, out var number)
            ? Netperf.Core.GitHub.GitHubRunLivenessCheck.FormatRunId(repository, run, number)
            : "cli-" + time.GetUtcNow().ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture);
    }
}
