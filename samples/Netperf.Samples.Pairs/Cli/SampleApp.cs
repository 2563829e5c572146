using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Environments;
using Netperf.Core.Hosting;

namespace Netperf.Samples.Pairs.Cli;

/// <summary>
/// The sample host: configuration (appsettings.json, NETPERF_-style environment variables such as
/// <c>Netperf__Pool__MaxPairs</c>), logging to stderr (stdout is for results), Netperf with the
/// pool and the janitor, and every environment added with <see cref="AddEnvironment"/> that the configuration asks for
/// (<see cref="EnvironmentSelector.RegisterConfigured"/>).
/// </summary>
internal sealed class SampleApp
{
    private readonly List<INetperfEnvironment> _environments = [];

    /// <summary>Logs progress (state changes, decisions) to stderr.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log progress to stderr.", Recursive = true };

    /// <summary>Adds an environment, such as <see cref="LocalEnvironment"/>.</summary>
    public SampleApp AddEnvironment(INetperfEnvironment environment)
    {
        _environments.Add(environment);
        return this;
    }

    /// <summary>Builds and starts the host; options are validated here (ValidateOnStart).</summary>
    public async Task<IHost> StartAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(parseResult.GetValue(Verbose) ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        var netperf = builder.Services.AddNetperf().AddPairPool().AddJanitor();
        new EnvironmentSelector(_environments).RegisterConfigured(netperf, builder.Configuration);

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Runs a command body with the host, mapping failures to exit codes and messages on stderr.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, Func<IServiceProvider, TextWriter, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        IHost host;
        try
        {
            host = await StartAsync(parseResult, cancellationToken);
        }
        catch (Exception ex) when (Unwrap(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await error.WriteLineAsync($"configuration error: {failure}");
            }

            return ExitCodes.Usage;
        }

        try
        {
            return await body(host.Services, output);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is Netperf.Core.NetperfException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    private static List<string> Unwrap(Exception ex) => ex switch
    {
        OptionsValidationException o => [.. o.Failures],
        AggregateException a => a.InnerExceptions.SelectMany(Unwrap).ToList(),
        _ => [],
    };
}
