using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netperf.Core.Environments;
using Netperf.Core.Hosting;

namespace Netperf.Tool.Cli;

/// <summary>
/// The tool's host: configuration (appsettings.json, NETPERF_-style environment variables such as
/// <c>Netperf__Pool__MaxPairs</c>), logging to stderr (stdout is for results), Netperf with the
/// pool and the janitor, and every environment added with <see cref="AddEnvironment"/> that the configuration asks for
/// (<see cref="EnvironmentSelector.RegisterConfigured"/>).
/// </summary>
internal sealed class ToolApp : IDisposable
{
    /// <summary>How long a cleanup may run after a signal or a failure, unless <c>--cleanup-timeout</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultCleanupTimeout = TimeSpan.FromMinutes(5);

    private readonly List<INetperfEnvironment> _environments = [];

    /// <summary>Creates the app; signals are handled from <see cref="InvokeAsync"/> on.</summary>
    public ToolApp()
    {
        Signals = new TerminationSignals(Console.Error, TimeProvider.System);
        CleanupTimeout = new("--cleanup-timeout")
        {
            Description = $"How long cleanup may run after Ctrl+C, SIGTERM or a failed create before the command gives up and names what is left (Ctrl+C again gives up at once). Default {Durations.Format(DefaultCleanupTimeout)}.",
            HelpName = "duration",
            Recursive = true,
            CustomParser = r => Durations.Parse(r),
        };
    }

    /// <summary>Logs progress (state changes, decisions) to stderr.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log progress to stderr.", Recursive = true };

    /// <summary>The bound of a cleanup after a signal or a failure (<see cref="DefaultCleanupTimeout"/> unless given).</summary>
    public Option<TimeSpan?> CleanupTimeout { get; }

    /// <summary>SIGINT, SIGTERM and SIGHUP as cancellation; a second Ctrl+C abandons the cleanup.</summary>
    public TerminationSignals Signals { get; }

    /// <summary>Parses <paramref name="args"/> and runs the command, cancelled by the first SIGINT, SIGTERM or SIGHUP.</summary>
    /// <param name="root">The root command (with <see cref="Verbose"/> and <see cref="CleanupTimeout"/>).</param>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        Signals.Register();
        var parseResult = root.Parse(args);
        var error = parseResult.InvocationConfiguration.Error;
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction or null)
        {
            // One line on stderr, never the help on stdout: a workflow's log shows what was wrong, and stdout stays
            // for results.
            // System.CommandLine's own messages may span lines ("Must be one of:" and a line per value): one line each.
            var messages = string.Join(" ", parseResult.Errors.Select(Describe).Distinct());
            await error.WriteLineAsync($"error: {messages} See '{CommandPath(parseResult.CommandResult)} --help'.");
            return ExitCodes.Usage;
        }

        // No termination handler of System.CommandLine's own: it would end the invocation after a fixed grace time,
        // cutting the cleanup short. The token below is cancelled by the first signal instead. Failures are ours to
        // print (RunAsync), in one line.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parseResult.InvokeAsync(invocation, Signals.Cancellation);
        }
        catch (Exception ex)
        {
            return await ReportAsync(ex, parseResult, error);
        }
    }

    /// <summary>Starts a cleanup bounded by <c>--cleanup-timeout</c> and a second Ctrl+C.</summary>
    /// <param name="parseResult">The command line (for <c>--cleanup-timeout</c>).</param>
    /// <returns>The cleanup's scope.</returns>
    public CleanupScope BeginCleanup(ParseResult parseResult) => Signals.BeginCleanup(parseResult.GetValue(CleanupTimeout) ?? DefaultCleanupTimeout);

    /// <inheritdoc />
    public void Dispose() => Signals.Dispose();

    /// <summary>Adds an environment, such as <see cref="LocalEnvironment"/>.</summary>
    public ToolApp AddEnvironment(INetperfEnvironment environment)
    {
        _environments.Add(environment);
        return this;
    }

    /// <summary>Builds and starts the host; options are validated here (ValidateOnStart).</summary>
    public async Task<IHost> StartAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        // appsettings.json is read once, not watched: reloading would put a recursive watch (an inotify watch per folder)
        // on the whole working folder, a thread that wakes at every file made under it, for a command that reads its
        // settings once and ends.
        var hostSettings = new ConfigurationManager();
        hostSettings.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory(), Configuration = hostSettings });
        builder.Logging.ClearProviders();
        if (parseResult.GetValue(Verbose))
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddConsoleFormatter<CliLogFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        }

        builder.Logging.AddConsole(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            o.FormatterName = parseResult.GetValue(Verbose) ? Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Simple : CliLogFormatter.FormatterName;
        });
        builder.Logging.SetMinimumLevel(parseResult.GetValue(Verbose) ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (!parseResult.GetValue(Verbose))
        {
            // "Hosting failed to start" repeats the failure RunAsync prints in its one line.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        }

        // The command handles signals itself (TerminationSignals); the console lifetime would swallow them.
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        var netperf = builder.Services.AddNetperf().AddPairPool().AddJanitor().AddRunPlans();
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(error);
        }
        catch (Exception ex)
        {
            return await ReportAsync(ex, parseResult, error);
        }

        try
        {
            return await body(host.Services, output);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(error);
        }
        catch (Exception ex)
        {
            return await ReportAsync(ex, parseResult, error);
        }
        finally
        {
            try
            {
                // Stopping closes the providers' sessions; after a second Ctrl+C nothing more is waited for.
                await StopAsync(host).WaitAsync(Signals.Abandon);
            }
            catch (OperationCanceledException) when (Signals.Abandon.IsCancellationRequested)
            {
                // Abandoned: the process ends now.
            }
        }
    }

    private static async Task StopAsync(IHost host)
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

    private async Task<int> CancelledAsync(TextWriter error)
    {
        await error.WriteLineAsync($"cancelled{(Signals.Received is { } signal ? " by " + signal : string.Empty)}.");
        return Signals.ExitCode ?? ExitCodes.Failed;
    }

    /// <summary>Prints a failure in one line (<c>-v</c> adds the exception) and returns its exit code.</summary>
    private async Task<int> ReportAsync(Exception exception, ParseResult parseResult, TextWriter error)
    {
        var (code, lines) = CliFailures.Classify(exception);
        foreach (var line in lines)
        {
            await error.WriteLineAsync(line);
        }

        if (parseResult.GetValue(Verbose))
        {
            await error.WriteLineAsync(exception.ToString());
        }

        return code;
    }

    /// <summary>
    /// A parse error in words: a value that does not convert to its option's type (every verb's, the results verbs' too)
    /// says what the option takes ("--significance takes a number, not 'abc'") instead of System.CommandLine's
    /// "Cannot parse argument 'abc' ... as expected type 'System.Nullable`1[System.Double]'"; others as they are, on one line.
    /// </summary>
    private static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        var argument = option is null ? (error.SymbolResult as ArgumentResult)?.Argument : null;
        Symbol? symbol = (Symbol?)option ?? argument;
        var type = option?.ValueType ?? argument?.ValueType;
        var token = error.SymbolResult is { Tokens: { Count: > 0 } tokens } ? tokens[0].Value : null;
        // Only System.CommandLine's own conversion failure: a parser of ours (WholeNumbers, Durations) says more already.
        if (error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)
            && symbol is not null && type is not null && token is not null && Takes(type) is { } kind && !Converts(token, type))
        {
            return option is not null ? $"{option.Name} takes {kind}, not '{token}'." : $"<{symbol.Name}> takes {kind}, not '{token}'.";
        }

        return OneLine(error.Message);
    }

    private static string? Takes(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) || type == typeof(decimal) ? "a number"
            : type == typeof(FileInfo) ? "a file path"
            : type == typeof(DirectoryInfo) ? "a folder path"
            : null;
    }

    private static bool Converts(string token, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return type == typeof(int) ? int.TryParse(token, System.Globalization.NumberStyles.Integer, invariant, out _)
            : type == typeof(long) ? long.TryParse(token, System.Globalization.NumberStyles.Integer, invariant, out _)
            : type == typeof(double) ? double.TryParse(token, System.Globalization.NumberStyles.Float, invariant, out _)
            : type == typeof(decimal) ? decimal.TryParse(token, System.Globalization.NumberStyles.Number, invariant, out _)
            : token.Trim().Length > 0;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? current = command; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var c })
            {
                names.Insert(0, c.Name);
            }
        }

        return string.Join(' ', names);
    }
}
