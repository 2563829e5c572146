using Microsoft.Extensions.Hosting;

namespace Netperf.Tool.Cli;

/// <summary>
/// The host lifetime of a command: it takes no signal. The Generic Host's console lifetime would take SIGINT,
/// SIGTERM and SIGQUIT and call <c>StopApplication()</c>, which no command listens to; the command's own
/// <see cref="TerminationSignals"/> handle them instead.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
