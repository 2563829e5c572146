using System.Reflection;
using System.Runtime.InteropServices;
using Netperf.Perf.Hosting;
using Netperf.Perf.Hosting.Internal;

namespace Netperf.Perf;

/// <summary>
/// The entry point of a perf-test executable: <c>return await PerfProgram.RunAsync(args);</c>.
/// No arguments lists the tests; <c>TEST [options]</c> runs one; a registered mode name
/// (<c>micro ...</c> hands over to BenchmarkDotNet) runs that mode. Exit codes: <see cref="PerfExitCodes"/>.
/// </summary>
public static class PerfProgram
{
    /// <summary>
    /// Runs the program on the console: tests are discovered in the entry assembly and
    /// <paramref name="assemblies"/>; Ctrl+C and SIGTERM cancel the run, which then cleans up
    /// (a second Ctrl+C ends the process at once).
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="assemblies">More assemblies to discover tests, modes and micro-benchmarks in.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(assemblies);
        var all = new List<Assembly>();
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            all.Add(entry);
        }

        all.AddRange(assemblies);
        using var cancellation = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, cancellation));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, cancellation));
        var context = new PerfProgramContext(Console.Out, Console.Error, all.Distinct().ToList());
        return await RunAsync(args, context, cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Runs the program with explicit writers, assemblies and cancellation (hosts and tests use this).</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="context">Writers, assemblies, clock and reporter factory.</param>
    /// <param name="cancellationToken">Cancels the run; cleanup still runs.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(IReadOnlyList<string> args, PerfProgramContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        return ProgramDispatcher.RunAsync(args, context, cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="args"/> is an invocation that belongs to <see cref="PerfProgram"/> whatever the
    /// host's own commands are: a <c>--processes</c> child (the runner starts the same executable with its private
    /// child argument first) or the <c>netperf-server</c> side of the network tests. A host with its own
    /// <c>Main</c> that hands a subcommand to <see cref="PerfProgram"/> routes these to
    /// <see cref="RunAsync(string[], Assembly[])"/> unchanged.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns><see langword="true"/> when the arguments must go to <see cref="PerfProgram"/> as they are.</returns>
    public static bool OwnsInvocation(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && (args[0] == Processes.Internal.ChildProtocol.ChildArgument || args[0] == Network.NetperfServerProtocol.CommandName);
    }

    private static void OnSignal(PosixSignalContext signal, CancellationTokenSource cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            // Second signal: let the runtime end the process.
            return;
        }

        signal.Cancel = true;
        cancellation.Cancel();
    }
}
