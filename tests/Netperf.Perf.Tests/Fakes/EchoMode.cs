using Netperf.Perf.Hosting;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>A mode defined outside Netperf.Perf: proves modes are discovered from the test assemblies.</summary>
public sealed class EchoMode : IPerfProgramMode
{
    public string Name => "echo-mode";

    public string Description => "Prints its arguments.";

    public bool Hidden => false;

    public async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        await context.Output.WriteLineAsync("echo:" + string.Join(",", arguments));
        return 42;
    }
}
