using Netperf.Perf.Processes.Internal;

namespace Netperf.Perf.Hosting.Internal;

/// <summary>
/// The private mode that <c>compare --ab</c>, <c>compare --legacy</c> and <c>versions</c> start each run in:
/// <c>--netperf-run TEST</c>, with the test's arguments in the first line of standard input
/// (<see cref="ChildProtocol.Secrets"/>, as a <c>--processes</c> child gets its secret options). Those parents run
/// other builds, whose options they cannot tell apart, so every test argument travels that way and none reaches
/// the run's command line (what <c>ps</c> shows every user). The run is then <c>TEST [arguments]</c> as typed:
/// response files expand here, and the results file is written.
/// </summary>
internal sealed class PipedRunMode : IPerfProgramMode
{
    public string Name => ChildProtocol.RunArgument;

    public string Description => "Private: a run whose test arguments come on standard input (compare --ab, compare --legacy, versions).";

    public bool Hidden => true;

    public bool StartedByNetperf => true;

    public async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Count != 1)
        {
            await context.Error.WriteLineAsync($"{Name} TEST is started by compare --ab, compare --legacy and versions only, with the test's arguments on standard input.").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        IReadOnlyList<string> testArguments;
        try
        {
            testArguments = ChildProtocol.ParseSecrets(await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        return await TestRunCommand.RunAsync(context, arguments[0], testArguments, cancellationToken).ConfigureAwait(false);
    }
}
