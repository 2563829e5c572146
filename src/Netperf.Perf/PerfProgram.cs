using System.Reflection;
using System.Runtime.InteropServices;
using Netperf.Perf.Hosting;
using Netperf.Perf.Hosting.Internal;

namespace Netperf.Perf;

/// <summary>
/// The entry point of a perf-test executable: <c>return await PerfProgram.RunAsync(args);</c>.
/// No arguments lists the tests; <c>TEST [options]</c> runs one; a mode's name (<c>compare</c>, <c>versions</c>, or a
/// plug-in's such as <c>micro</c> from Netperf.Perf.BenchmarkDotNet) runs that mode. Exit codes: <see cref="PerfExitCodes"/>.
/// </summary>
public static class PerfProgram
{
    /// <summary>
    /// Runs the program on the console: tests are discovered in the entry assembly and
    /// <paramref name="assemblies"/>; Ctrl+C and SIGTERM cancel the run, which then cleans up
    /// (a second Ctrl+C ends the process at once).
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="assemblies">More assemblies to discover tests and plug-ins (modes, exporters, run features) in.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(assemblies);
        using var cancellation = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, cancellation));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, cancellation));
        var context = new PerfProgramContext(Console.Out, Console.Error, WithEntryAssembly(assemblies));
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
    /// host's own commands are: a mode that Netperf starts itself (<see cref="IPerfProgramMode.StartedByNetperf"/>),
    /// such as a <c>--processes</c> child (the runner starts the same executable with its private child argument
    /// first) or a plug-in's server side (Netperf.Harness's <c>netperf-server</c>). A host with its own
    /// <c>Main</c> that hands a subcommand to <see cref="PerfProgram"/> routes these to
    /// <see cref="RunAsync(string[], Assembly[])"/> unchanged, with the same <paramref name="assemblies"/>.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="assemblies">The assemblies the host passes to <see cref="RunAsync(string[], Assembly[])"/> (their modes count too).</param>
    /// <returns><see langword="true"/> when the arguments must go to <see cref="PerfProgram"/> as they are.</returns>
    public static bool OwnsInvocation(IReadOnlyList<string> args, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(assemblies);
        return args.Count > 0
            && PlugInCatalog.Modes(WithEntryAssembly(assemblies))
                .Any(m => m.StartedByNetperf && string.Equals(m.Name, args[0], StringComparison.OrdinalIgnoreCase));
    }

    private static List<Assembly> WithEntryAssembly(Assembly[] assemblies)
    {
        var all = new List<Assembly>();
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            all.Add(entry);
        }

        all.AddRange(assemblies);
        return [.. all.Distinct()];
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
