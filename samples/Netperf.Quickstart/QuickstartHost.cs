using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Azure.Hosting;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Environments;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Harness;
using Netperf.Harness.Suites;
using Netperf.Lab.Hosting;

namespace Netperf.Quickstart;

/// <summary>
/// Builds the Quickstart from configuration (appsettings.json, <c>Netperf__*</c> environment variables,
/// and the switches <c>--env</c>, <c>--tests</c>, <c>--duration</c>, <c>--warmup</c>, <c>--results</c>), registers the
/// chosen environment's provider, and runs Netperf.Harness's <see cref="NetworkTestHarness"/> with Ctrl+C and SIGTERM
/// wired to release the pair.
/// </summary>
public static class QuickstartHost
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--env"] = "Netperf:Quickstart:Environment",
        ["--tests"] = "Netperf:Quickstart:Tests",
        ["--duration"] = "Netperf:Quickstart:Duration",
        ["--warmup"] = "Netperf:Quickstart:Warmup",
        ["--results"] = "Netperf:Quickstart:ResultsDirectory",
    };

    /// <summary>Runs the Quickstart.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Stops the run (the pair is still released).</param>
    /// <returns>The exit code: 0 all good, 1 a test failed, 2 bad options, 130 cancelled.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .SetBasePath(AppContext.BaseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(args, Switches)
                .Build();
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{Usage}");
            return 2;
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<QuickstartOptions>().Bind(configuration.GetSection(QuickstartOptions.SectionName)).ValidateDataAnnotations();
        services.AddOptions<NetworkTestHarnessOptions>().Bind(configuration.GetSection(QuickstartOptions.SectionName)).ValidateDataAnnotations()
            .PostConfigure(harness =>
            {
                // The Quickstart's own executable is the test app (also when QuickstartHost runs inside another
                // process, such as a test host); it routes perf tests under its `perf` subcommand.
                harness.RunName = "quickstart";
                harness.Title = "Netperf Quickstart";
                harness.TestApp ??= typeof(QuickstartHost).Assembly.Location;
                harness.TestCommand = ["perf"];
            });
        QuickstartOptions options;
        NetworkTestHarnessOptions harnessOptions;
        IReadOnlyList<SuiteEntry> entries;
        try
        {
            using var validation = services.BuildServiceProvider();
            options = validation.GetRequiredService<IOptions<QuickstartOptions>>().Value;
            harnessOptions = validation.GetRequiredService<IOptions<NetworkTestHarnessOptions>>().Value;
            entries = NetworkSuite.Select(options.TestKeys);
        }
        catch (Exception e) when (e is OptionsValidationException or ArgumentException or InvalidOperationException)
        {
            await error.WriteLineAsync($"{e.Message}\n{Usage}");
            return 2;
        }

        IReadOnlyList<INetperfEnvironment> environments;
        try
        {
            environments = Environments.Resolve(options.Environment, configuration);
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"{e.Message} (--env, Netperf:Quickstart:Environment)\n{Usage}");
            return 2;
        }

        EnvironmentSelector.Register(services.AddNetperf(), environments, configuration);

        await using var provider = services.BuildServiceProvider();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Cancel(c, cancellation, output));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Cancel(c, cancellation, output));
        try
        {
            var catalog = provider.GetRequiredService<VmPairProviderCatalog>();
            var pairs = environments.Select(e => catalog.Get(e.Name)).ToList();
            var bootstrapper = provider.GetKeyedService<IPairBootstrapper>(environments[0].Name) ?? provider.GetService<IPairBootstrapper>()
                ?? throw new InvalidOperationException($"No IPairBootstrapper is registered for '{environments[0].Name}'; register one (services.AddNetperf().AddLocalVmPairs() adds PeerBootstrapper).");
            var harness = new NetworkTestHarness(pairs, bootstrapper, harnessOptions, output, provider.GetRequiredService<TimeProvider>());
            var report = await harness.RunAsync(entries, cancellation.Token);
            return report is { Succeeded: true } ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled; the pair (if one was made) has been released.");
            return 130;
        }
        catch (Exception e) when (e is PairProvisioningException or InvalidOperationException or OptionsValidationException)
        {
            await error.WriteLineAsync($"Quickstart failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The environments the Quickstart knows, preferred first for <c>auto</c>: the lab (configured, or the single-machine
    /// lab as root on Linux), then <c>local</c>; <c>azure</c> only when named.
    /// </summary>
    public static EnvironmentSelector Environments { get; } = new([new LabEnvironment(), new LocalEnvironment(), new AzureEnvironment()]);

    /// <summary>The help text.</summary>
    public const string Usage =
        "Netperf Quickstart: acquire a pair, make it test-ready, run network perf tests client -> peer, publish, release.\n" +
        "usage: dotnet run -c Release --project samples/Netperf.Quickstart -- [--env auto|local|lab|azure] [--tests tcp-up,tcp-down,tcp-rr,tcp-connect,http-get,udp]\n" +
        "                                                                     [--duration S (3)] [--warmup S (1)] [--results DIR (netperf-results)]\n" +
        "       ... -- perf TEST [options]        run one perf test (list them with: perf)\n" +
        "       ... -- netperf-server --mode ...  serve the network tests (the peer side)\n" +
        "Configuration: appsettings.json and Netperf__Quickstart__*, Netperf__Lab__*, Netperf__Azure__* environment variables.";

    private static void Cancel(PosixSignalContext context, CancellationTokenSource cancellation, TextWriter output)
    {
        if (cancellation.IsCancellationRequested)
        {
            return; // A second Ctrl+C ends the process at once.
        }

        context.Cancel = true;
        output.WriteLine("Stopping: cleaning up and releasing the pair ...");
        cancellation.Cancel();
    }
}
