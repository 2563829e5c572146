using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Local;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary>
/// <c>exec PAIR [--on client|peer] -- COMMAND…</c>: runs a command on a pair made earlier, on its <c>netperf-peer</c> (through
/// the client, as a test would) or on its client with the pair's alias in effect (<c>ssh netperf-peer</c>,
/// <c>Invoke-Command -HostName netperf-peer</c>); exits with the command's exit code. Pairs whose environment has another
/// bootstrapper (Azure's Run Command) run the command through the chosen machine's own shell.
/// </summary>
internal static class ExecCommand
{
    public static Command Create(ToolApp app)
    {
        var id = new Argument<string>("pair") { Description = "The pair id, as printed by 'pairs create' or 'pairs list'." };
        var words = new Argument<string[]>("command") { Description = "The command and its arguments, after --; each is one word (quoted for the machine's shell).", Arity = ArgumentArity.OneOrMore };
        var on = new Option<string>("--on") { Description = "Where to run: 'peer' (netperf-peer, reached from the client over the pair's ssh) or 'client'.", DefaultValueFactory = _ => "peer" };
        on.AcceptOnlyFromAmong("client", "peer");
        var env = CommonOptions.Environment("The pair's environment (default: found by listing every environment).");
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "Stop the command after this long, such as 10m (default: no limit where the client is this machine, else 1h).", CustomParser = r => Durations.Parse(r) };
        var command = new Command("exec", "Run a command on a pair's peer or client and exit with its exit code.") { id, words, on, env, timeout };
        command.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var catalog = services.GetRequiredService<VmPairProviderCatalog>();
            var pairId = parse.GetRequiredValue(id);
            IReadOnlyList<IVmPairProvider> candidates = parse.GetValue(env) is { } only ? [EnvironmentLookup.Get(catalog, only)] : catalog.Providers;
            IVmPairProvider? provider = null;
            foreach (var candidate in candidates)
            {
                if ((await candidate.ListPairsAsync(ct)).Any(r => string.Equals(r.Id, pairId, StringComparison.Ordinal)))
                {
                    provider = candidate;
                    break;
                }
            }

            if (provider is null)
            {
                var where = candidates.Count == 0 ? "any environment (none registered)" : string.Join(", ", candidates.Select(c => c.Environment));
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: no pair '{pairId}' in {where}. See 'pairs list'.");
                return ExitCodes.NotFound;
            }

            VmPair pair;
            try
            {
                pair = await provider.OpenPairAsync(pairId, ct);
            }
            catch (NotSupportedException ex)
            {
                throw new UsageException(ex.Message);
            }

            try
            {
                var target = parse.GetValue(on) == "client" ? pair.Client : pair.Peer;
                var text = string.Join(' ', parse.GetRequiredValue(words).Select(w => Quote(target.OsFamily, w)));
                var shell = target.Shell;
                if (ThroughClient(services, provider.Environment))
                {
                    text = target == pair.Client ? PeerBootstrapper.CommandOnClient(pair, text) : PeerBootstrapper.CommandForPeer(pair, text);
                    shell = pair.Client.Shell;
                }

                if (provider is LocalVmPairProvider local && pair.Client.OsFamily != OsFamily.Windows)
                {
                    return await RunHereAsync(text, local, parse.GetValue(timeout), services.GetRequiredService<TimeProvider>(), ct);
                }

                var error = parse.InvocationConfiguration.Error;
                var result = await shell.RunAsync(
                    new RemoteCommand
                    {
                        Text = text,
                        Timeout = parse.GetValue(timeout) ?? TimeSpan.FromHours(1),
                        DisplayName = $"exec on {target.Name}",
                        OnOutputLine = line => output.WriteLine(line),
                        OnErrorLine = line => error.WriteLine(line),
                    },
                    ct);
                if (result.TimedOut)
                {
                    await error.WriteLineAsync($"error: the command on {target.Name} was stopped after {Durations.Format(parse.GetValue(timeout) ?? TimeSpan.FromHours(1))} (--timeout).");
                    return 124;
                }

                return result.ExitCode;
            }
            finally
            {
                await pair.Client.Shell.DisposeAsync();
                await pair.Peer.Shell.DisposeAsync();
            }
        }, ct));
        return command;
    }

    /// <summary>
    /// Whether the environment's pairs were made ready by <see cref="PeerBootstrapper"/> (local, lab): then the peer is reached
    /// from the client over the pair's ssh alias, as a test would, and the client's commands run with that alias in effect.
    /// Other bootstrappers (Azure Run Command) reach each machine through its own shell, so the command runs there as it is.
    /// </summary>
    private static bool ThroughClient(IServiceProvider services, string environment) =>
        (services.GetKeyedService<IPairBootstrapper>(environment) ?? services.GetService<IPairBootstrapper>()) is PeerBootstrapper;

    private static string Quote(OsFamily os, string word) => os == OsFamily.Windows ? ShellQuoting.PowerShell(word) : ShellQuoting.PosixWord(word);

    /// <summary>
    /// The client is this machine: the command runs here with this terminal (standard input, output and error inherited),
    /// so an interactive <c>pwsh</c> or <c>Enter-PSSession -HostName netperf-peer</c> works as typed.
    /// </summary>
    private static async Task<int> RunHereAsync(string text, LocalVmPairProvider provider, TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(text);

        // The pair's client files live in the provider's state folder (the bootstrapper's scripts find it by this variable).
        start.Environment["NETPERF_STATE_DIR"] = Path.GetDirectoryName(provider.PairsFolder)!;
        using var process = Process.Start(start)!;
        using var limit = timeout is { } t ? new CancellationTokenSource(t, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"error: the command was stopped after {Durations.Format(timeout!.Value)} (--timeout).");
                return 124;
            }

            throw;
        }
    }
}
