using System.Globalization;

namespace Netperf.Perf.Hosting.Internal;

/// <summary>Chooses between listing, a mode and a test run from the first argument.</summary>
internal static class ProgramDispatcher
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, PerfProgramContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Count == 0)
            {
                Usage.Write(context, context.Modes);
                return PerfExitCodes.Success;
            }

            var first = args[0];
            if (first is "-h" or "--help" or "-?" or "help" or "list" or "--list")
            {
                Usage.Write(context, context.Modes, verbose: args.Skip(1).Any(a => a is "--verbose" or "-v"));
                return PerfExitCodes.Success;
            }

            var modes = context.Modes;
            var mode = modes.FirstOrDefault(m => string.Equals(m.Name, first, StringComparison.OrdinalIgnoreCase));
            if (mode is not null)
            {
                return await mode.RunAsync(context, [.. args.Skip(1)], cancellationToken).ConfigureAwait(false);
            }

            if (first.StartsWith('-'))
            {
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"The first argument must be a test name or a mode, not the option '{first}'. Run without arguments to list the tests.")).ConfigureAwait(false);
                return PerfExitCodes.UsageError;
            }

            return await TestRunCommand.RunAsync(context, first, [.. args.Skip(1)], cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return PerfExitCodes.Cancelled;
        }
    }
}
