using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Hosting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The private mode a parent starts its children in: <c>--netperf-child INDEX,COUNT,FIRST,INSTANCES TEST [options]</c>.
/// The child runs its share of the instances with a <see cref="ChildStageGate"/> and talks to the parent
/// over its standard input and output; it never outlives the parent (see <see cref="ParentChannel"/>).
/// </summary>
internal sealed class ChildProcessMode : IPerfProgramMode
{
    public string Name => ChildProtocol.ChildArgument;

    public string Description => "Private: a child process of a multi-process run.";

    public bool Hidden => true;

    public bool StartedByNetperf => true;

    public async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Count < 2)
        {
            await context.Error.WriteLineAsync("The child mode is started by the parent runner only (--processes).").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        var (share, _) = ChildProtocol.ParseChildArgument(arguments[0]);
        var test = context.Catalog.Find(arguments[1]) ?? throw new InvalidOperationException($"The child cannot find test '{arguments[1]}'; parent and child must be the same executable.");
        IReadOnlyList<string> secrets;
        try
        {
            secrets = ChildProtocol.ParseSecrets(await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        List<string> testArguments = [.. secrets, .. arguments.Skip(2)];
        var parsed = new PerfOptionsParser(test.Name, test.Description, test.OptionsType).Parse(testArguments, TextWriter.Null, expandResponseFiles: false);
        if (parsed.Options is null)
        {
            await context.Error.WriteLineAsync(string.Join(Environment.NewLine, parsed.Errors)).ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        using var channel = new ParentChannel(Console.In, context.Output, context.TimeProvider, TimeSpan.FromSeconds(10), Environment.Exit);
        channel.Start();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, channel.Aborted);
        var runner = new PerfRunner(test, parsed.Options, new PerfRunnerSettings
        {
            TimeProvider = context.TimeProvider,
            Reporter = new ChildReporter(channel),
            StageGate = new ChildStageGate(channel, share.ProcessIndex, context.TimeProvider),
            FirstParallelIndex = share.FirstInstance,
            InstanceCount = share.InstanceCount,
            RunGlobalStages = share.ProcessIndex == 0,
            Features = context.RunFeatures,
            Arguments = testArguments,
        });
        var result = await runner.RunAsync(linked.Token).ConfigureAwait(false);
        return result.Status == PerfRunStatus.Succeeded ? PerfExitCodes.Success : PerfExitCodes.TestFailed;
    }
}
