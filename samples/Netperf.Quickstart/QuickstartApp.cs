using System.Globalization;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Quickstart;

/// <summary>
/// The Quickstart's job: acquire one pair, bootstrap it and print the readiness report, run the suite from
/// the client against the peer, print the table, write JSON and Markdown, and release the pair — in a
/// <c>finally</c>, so failures and Ctrl+C release it too.
/// </summary>
public sealed class QuickstartApp
{
    private readonly IReadOnlyList<IVmPairProvider> _providers;
    private readonly IPairBootstrapper _bootstrapper;
    private readonly QuickstartOptions _options;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;

    /// <summary>Creates the app.</summary>
    /// <param name="provider">The environment's provider.</param>
    /// <param name="bootstrapper">Makes the pair test-ready.</param>
    /// <param name="options">What to run.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="time">The clock.</param>
    public QuickstartApp(IVmPairProvider provider, IPairBootstrapper bootstrapper, QuickstartOptions options, TextWriter output, TimeProvider time)
        : this([provider], bootstrapper, options, output, time)
    {
    }

    /// <summary>
    /// Creates the app with environments to try in order (<c>--env auto</c>: the namespace lab, then local): when a
    /// pair cannot be made or made ready, it is released and the next environment is tried, saying why.
    /// </summary>
    /// <param name="providers">The environments' providers, preferred first.</param>
    /// <param name="bootstrapper">Makes the pair test-ready.</param>
    /// <param name="options">What to run.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="time">The clock.</param>
    public QuickstartApp(IReadOnlyList<IVmPairProvider> providers, IPairBootstrapper bootstrapper, QuickstartOptions options, TextWriter output, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfZero(providers.Count);
        _providers = providers;
        _bootstrapper = bootstrapper;
        _options = options;
        _output = output;
        _time = time;
    }

    /// <summary>The files written by the last run (JSON, Markdown).</summary>
    public IReadOnlyList<string> WrittenFiles { get; private set; } = [];

    /// <summary>The last run's report.</summary>
    public QuickstartReport? Report { get; private set; }

    /// <summary>Runs the job.</summary>
    /// <param name="cancellationToken">Ctrl+C: stops the current step; the pair is still released.</param>
    /// <returns>0 when every test succeeded and agreed with its server, 1 otherwise, 130 when cancelled.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var entries = QuickstartSuite.Select(_options.TestKeys);
        var startedAt = _time.GetUtcNow();
        var runId = "quickstart-" + startedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-1";
        for (var i = 0; i < _providers.Count; i++)
        {
            var provider = _providers[i];
            var last = i == _providers.Count - 1;
            await _output.WriteLineAsync($"Acquiring a pair in '{provider.Environment}' (run {runId}) ...");
            VmPair pair;
            try
            {
                pair = await provider.CreatePairAsync(
                    new PairRequest
                    {
                        Spec = new MachineSpec { Image = _options.Image, Environment = provider.Environment },
                        Owner = _options.Owner ?? "quickstart-" + Environment.UserName,
                        RunId = runId,
                        TimeToLive = TimeSpan.FromHours(1),
                    },
                    cancellationToken);
            }
            catch (PairProvisioningException e) when (!last)
            {
                await _output.WriteLineAsync($"No pair in '{provider.Environment}' ({e.Message}); trying '{_providers[i + 1].Environment}'.");
                continue;
            }

            try
            {
                await _output.WriteLineAsync($"Pair {pair.Id}: client {pair.Client.Name} ({string.Join(", ", pair.Client.Addresses)}), peer {pair.Peer.Name} ({string.Join(", ", pair.Peer.Addresses)})");
                var readiness = await _bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None, cancellationToken);
                await WriteReadinessAsync(readiness);
                if (!readiness.IsReady)
                {
                    await _output.WriteLineAsync(last
                        ? $"The pair is not ready ({readiness.FirstFailure?.Name}); no test ran."
                        : $"The pair is not ready ({readiness.FirstFailure?.Name}); releasing it and trying '{_providers[i + 1].Environment}'.");
                    if (last)
                    {
                        return 1;
                    }

                    continue;
                }

                return await RunSuiteAsync(pair, readiness, entries, startedAt, cancellationToken);
            }
            finally
            {
                await _output.WriteLineAsync($"Releasing pair {pair.Id} ...");
                await provider.DeletePairAsync(pair.Id, CancellationToken.None);
                await _output.WriteLineAsync($"Pair {pair.Id} released.");
            }
        }

        return 1;
    }

    private async Task<int> RunSuiteAsync(VmPair pair, ReadinessReport readiness, IReadOnlyList<SuiteEntry> entries, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), $"netperf-quickstart-local-{pair.Id}");
        Directory.CreateDirectory(work);
        var runner = new SuiteRunner(pair, _options, _output);
        var results = new List<SuiteResult>();
        try
        {
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    results.Add(await runner.RunAsync(entry, work, cancellationToken));
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

        Report = QuickstartReport.For(pair, readiness, _options, startedAt, results);
        await _output.WriteLineAsync();
        await _output.WriteAsync(Report.ToTable());
        await WriteFilesAsync(Report, startedAt, cancellationToken);
        return results.All(r => r.Status == "succeeded" && r.ServerStopped) ? 0 : 1;
    }

    private async Task WriteReadinessAsync(ReadinessReport readiness)
    {
        await _output.WriteLineAsync($"Readiness of {readiness.PairId} over {readiness.Transport}: {(readiness.IsReady ? "READY" : "NOT READY")} in {readiness.Duration.TotalSeconds:0.0} s");
        foreach (var step in readiness.Steps)
        {
            await _output.WriteLineAsync($"  {step.Name,-16} {step.Outcome,-9} {step.Duration.TotalMilliseconds,7:0} ms  {step.Detail}");
        }
    }

    private async Task WriteFilesAsync(QuickstartReport report, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.ResultsDirectory);
        var stem = Path.Combine(_options.ResultsDirectory, "quickstart-" + startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var json = stem + ".json";
        var markdown = stem + ".md";
        await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken);
        await File.WriteAllTextAsync(markdown, report.ToMarkdown(), cancellationToken);
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            await File.AppendAllTextAsync(summary, report.ToMarkdown(), cancellationToken);
        }

        WrittenFiles = [json, markdown];
        await _output.WriteLineAsync($"Results: {json}, {markdown}");
    }
}
