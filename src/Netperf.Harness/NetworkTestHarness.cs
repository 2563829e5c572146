using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Harness.Suites;

namespace Netperf.Harness;

/// <summary>
/// Network tests on a pair, start to end: acquire one pair, bootstrap it and print the readiness report, deploy
/// the test app, run the suite from the client against the peer (the peer server started and stopped through the
/// peer's remote shell), print the table, write JSON and Markdown, and release the pair — in a <c>finally</c>, so
/// failures and Ctrl+C release it too. A team with a pair of its own (a <c>PairPool</c> lease) calls
/// <see cref="RunOnPairAsync"/> instead.
/// </summary>
public sealed class NetworkTestHarness
{
    private readonly IReadOnlyList<IVmPairProvider> _providers;
    private readonly IPairBootstrapper _bootstrapper;
    private readonly NetworkTestHarnessOptions _options;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;

    /// <summary>Creates the harness.</summary>
    /// <param name="provider">The environment's provider.</param>
    /// <param name="bootstrapper">Makes the pair test-ready.</param>
    /// <param name="options">How to run; validated here.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="time">The clock.</param>
    /// <exception cref="ValidationException">The options are not valid; the message names the setting.</exception>
    public NetworkTestHarness(IVmPairProvider provider, IPairBootstrapper bootstrapper, NetworkTestHarnessOptions options, TextWriter output, TimeProvider time)
        : this([provider], bootstrapper, options, output, time)
    {
    }

    /// <summary>
    /// Creates the harness with environments to try in order (the Quickstart's <c>--env auto</c>: the namespace lab,
    /// then local): when a pair cannot be made or made ready, it is released and the next environment is tried, saying why.
    /// </summary>
    /// <param name="providers">The environments' providers, preferred first.</param>
    /// <param name="bootstrapper">Makes the pair test-ready.</param>
    /// <param name="options">How to run; validated here.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="time">The clock.</param>
    /// <exception cref="ValidationException">The options are not valid; the message names the setting.</exception>
    public NetworkTestHarness(IReadOnlyList<IVmPairProvider> providers, IPairBootstrapper bootstrapper, NetworkTestHarnessOptions options, TextWriter output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentOutOfRangeException.ThrowIfZero(providers.Count);
        ArgumentNullException.ThrowIfNull(bootstrapper);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _providers = providers;
        _bootstrapper = bootstrapper;
        _options = options;
        _output = output;
        _time = time;
    }

    /// <summary>The files written by the last run (JSON, Markdown).</summary>
    public IReadOnlyList<string> WrittenFiles { get; private set; } = [];

    /// <summary>The last run's report.</summary>
    public SuiteReport? Report { get; private set; }

    /// <summary>Runs the job: acquire, bootstrap, deploy, run the suite, publish, release.</summary>
    /// <param name="entries">The suite's entries, such as <see cref="NetworkSuite.Select"/>'s.</param>
    /// <param name="cancellationToken">Ctrl+C: stops the current step; the pair is still released.</param>
    /// <returns>The report, or <see langword="null"/> when no pair could be made ready (nothing ran).</returns>
    /// <exception cref="PairProvisioningException">The last environment could not make a pair.</exception>
    public async Task<SuiteReport?> RunAsync(IReadOnlyList<SuiteEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var startedAt = _time.GetUtcNow();
        var runId = _options.RunName + "-" + startedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-1";
        for (var i = 0; i < _providers.Count; i++)
        {
            var provider = _providers[i];
            var last = i == _providers.Count - 1;
            await _output.WriteLineAsync($"Acquiring a pair in '{provider.Environment}' (run {runId}) ...").ConfigureAwait(false);
            VmPair pair;
            try
            {
                pair = await provider.CreatePairAsync(
                    new PairRequest
                    {
                        Spec = new MachineSpec { Image = _options.Image, Environment = provider.Environment },
                        Owner = _options.Owner ?? _options.RunName + "-" + Environment.UserName,
                        RunId = runId,
                        TimeToLive = TimeSpan.FromHours(1),
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PairProvisioningException e) when (!last)
            {
                await _output.WriteLineAsync($"No pair in '{provider.Environment}' ({e.Message}); trying '{_providers[i + 1].Environment}'.").ConfigureAwait(false);
                continue;
            }

            try
            {
                await _output.WriteLineAsync($"Pair {pair.Id}: client {pair.Client.Name} ({string.Join(", ", pair.Client.Addresses)}), peer {pair.Peer.Name} ({string.Join(", ", pair.Peer.Addresses)})").ConfigureAwait(false);
                var readiness = await _bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None, cancellationToken).ConfigureAwait(false);

                // A provider that learns from bootstraps (the lab quarantines hosts whose pairs keep failing) hears this one.
                (provider as IPairBootstrapObserver)?.ReportBootstrap(pair, readiness);
                await WriteReadinessAsync(readiness).ConfigureAwait(false);
                if (!readiness.IsReady)
                {
                    await _output.WriteLineAsync(last
                        ? $"The pair is not ready ({readiness.FirstFailure?.Name}); no test ran."
                        : $"The pair is not ready ({readiness.FirstFailure?.Name}); releasing it and trying '{_providers[i + 1].Environment}'.").ConfigureAwait(false);
                    if (last)
                    {
                        return null;
                    }

                    continue;
                }

                return await RunOnPairAsync(pair, readiness, entries, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await _output.WriteLineAsync($"Releasing pair {pair.Id} ...").ConfigureAwait(false);
                await provider.DeletePairAsync(pair.Id, CancellationToken.None).ConfigureAwait(false);
                await _output.WriteLineAsync($"Pair {pair.Id} released.").ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the suite on a pair that is already test-ready (the caller acquired and will release it): deploys the
    /// test app, runs every entry (a failing entry is a failed result, not an exception), prints the table and
    /// writes the JSON and Markdown files.
    /// </summary>
    /// <param name="pair">A bootstrapped pair.</param>
    /// <param name="readiness">Its readiness report (for the report's transport).</param>
    /// <param name="entries">The suite's entries.</param>
    /// <param name="cancellationToken">Ctrl+C: stops after cleaning up the current entry.</param>
    /// <returns>The report.</returns>
    public async Task<SuiteReport> RunOnPairAsync(VmPair pair, ReadinessReport readiness, IReadOnlyList<SuiteEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(entries);
        var startedAt = _time.GetUtcNow();
        // This machine's copies of the client's files: a fresh private folder (not a guessable name in /tmp), removed below.
        var work = Directory.CreateTempSubdirectory($"netperf-{_options.RunName}-local-{pair.Id}-").FullName;
        var runner = new SuiteRunner(pair, _options, _output);
        var results = new List<SuiteResult>();
        try
        {
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    results.Add(await runner.RunAsync(entry, work, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    results.Add(new SuiteResult { Key = entry.Key, Test = entry.Test, Status = "failed", Unit = entry.Unit, Error = e.Message });
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        var report = SuiteReport.For(pair, readiness, _options, startedAt, results);
        Report = report;
        await _output.WriteLineAsync().ConfigureAwait(false);
        await _output.WriteAsync(report.ToTable()).ConfigureAwait(false);
        await WriteFilesAsync(report, startedAt, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task WriteReadinessAsync(ReadinessReport readiness)
    {
        await _output.WriteLineAsync($"Readiness of {readiness.PairId} over {readiness.Transport}: {(readiness.IsReady ? "READY" : "NOT READY")} in {readiness.Duration.TotalSeconds:0.0} s").ConfigureAwait(false);
        foreach (var step in readiness.Steps)
        {
            await _output.WriteLineAsync($"  {step.Name,-16} {step.Outcome,-9} {step.Duration.TotalMilliseconds,7:0} ms  {step.Detail}").ConfigureAwait(false);
        }
    }

    private async Task WriteFilesAsync(SuiteReport report, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.ResultsDirectory);
        var stem = Path.Combine(_options.ResultsDirectory, _options.RunName + "-" + startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var json = stem + ".json";
        var markdown = stem + ".md";
        await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(markdown, report.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            await File.AppendAllTextAsync(summary, report.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        }

        WrittenFiles = [json, markdown];
        await _output.WriteLineAsync($"Results: {json}, {markdown}").ConfigureAwait(false);
    }
}
