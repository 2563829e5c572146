using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;

namespace Netperf.Core.Runs;

/// <summary>
/// A job matrix end to end. <see cref="ProvisionAsync"/> checks every row against the environments here (refusing,
/// before anything is made, a row none can make), provisions pairs through a <see cref="PairPool"/> (its parallelism,
/// caps, all-or-nothing pairs, and reassignment of a failed pair's jobs to a healthy pair of the same spec), registers
/// one ephemeral GitHub runner per job on its pair's client, and writes the plan (<see cref="RunPlanStore"/>).
/// <see cref="TeardownAsync"/> removes a run's runners, pairs and plan, idempotently. <see cref="RunAsync"/> is the
/// same without GitHub: it runs a command per job on its pair's client and tears everything down.
/// </summary>
/// <remarks>
/// One runner per job, not per pair: GitHub's just-in-time runners (whose secret is good for one registration and
/// never sits on the client's disk) take one job and leave, so a pair serving several jobs gets one runner per job,
/// each with a label of its own (<c>job-N</c>), and the runners of one client take their jobs one after another (the
/// install step starts each under one lock per client), so jobs never share a pair at the same time and each starts
/// from a clean runner folder.
/// </remarks>
public sealed partial class RunPlanner
{
    private readonly VmPairProviderCatalog _providers;
    private readonly PairProvisioner _provisioner;
    private readonly RunPlanStore _store;
    private readonly RunPlanOptions _options;
    private readonly PairPoolOptions _poolOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the planner.</summary>
    /// <param name="providers">The environments.</param>
    /// <param name="provisioner">Makes pairs test-ready (the pool uses it).</param>
    /// <param name="store">The plan files.</param>
    /// <param name="options">How runs are provisioned.</param>
    /// <param name="poolOptions">The pool's caps and parallelism (its run id, owner and expiry come from each run).</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    public RunPlanner(
        VmPairProviderCatalog providers,
        PairProvisioner provisioner,
        RunPlanStore store,
        IOptions<RunPlanOptions> options,
        IOptions<PairPoolOptions> poolOptions,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(provisioner);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(poolOptions);
        _providers = providers;
        _provisioner = provisioner;
        _store = store;
        _options = options.Value;
        _poolOptions = poolOptions.Value;
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RunPlanner>();
    }

    /// <summary>The plan files.</summary>
    public RunPlanStore Store => _store;

    /// <summary>
    /// Checks every row against the environments here: a row whose environment is not configured, or whose provider
    /// cannot make its spec (<see cref="IVmPairProvider.CheckSpec"/>: an OS it does not run, an image it does not have),
    /// is named with the environments that could make it.
    /// </summary>
    /// <param name="matrix">The jobs.</param>
    /// <returns>One line per impossible row; empty when every row can be made.</returns>
    public IReadOnlyList<string> Check(JobMatrixExpansion matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var problems = new List<string>();
        foreach (var job in matrix.Jobs)
        {
            var spec = job.ToMachineSpec();
            string? why = !_providers.TryGet(spec.Environment, out var provider)
                ? $"environment '{spec.Environment}' is not configured here (configured: {string.Join(", ", _providers.Environments)})"
                : provider.CheckSpec(spec);
            if (why is null)
            {
                continue;
            }

            var could = _providers.Environments
                .Where(e => !string.Equals(e, spec.Environment, StringComparison.OrdinalIgnoreCase)
                    && _providers.TryGet(e, out var other) && other.CheckSpec(spec with { Environment = e }) is null)
                .ToList();
            problems.Add($"row {job.Id} cannot be made: {why}. " + (could.Count > 0
                ? $"Environments here that could make {job.Os}/{job.Architecture}: {string.Join(", ", could)}."
                : $"No environment configured here can make {job.Os}/{job.Architecture}; configure one (lab, azure) or remove the row."));
        }

        return problems;
    }

    private async Task CheckRunIsNewAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RunId);
        var problems = Check(request.Matrix).ToList();
        if (_store.Exists(request.RunId))
        {
            problems.Add($"run '{request.RunId}' exists already (plan {_store.PathOf(request.RunId)}); choose another --run, or remove it with 'netperf teardown --run {request.RunId}'.");
        }
        else if (problems.Count == 0)
        {
            foreach (var environment in EnvironmentsOf(request.Matrix))
            {
                var pairs = await _providers.Get(environment).ListPairsAsync(cancellationToken).ConfigureAwait(false);
                if (pairs.FirstOrDefault(p => p.Tags.GetValueOrDefault(OwnershipTags.Run) == request.RunId) is { } existing)
                {
                    problems.Add($"run '{request.RunId}' exists already: pair {existing.Id} in {environment} carries it; choose another --run, or remove it with 'netperf teardown --run {request.RunId}'.");
                    break;
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new RunPlanException(string.Join(System.Environment.NewLine, problems)) { Problems = problems };
        }
    }

    private static List<string> EnvironmentsOf(JobMatrixExpansion matrix) =>
        matrix.Jobs.Select(j => j.Environment).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// The pool's options for a run: its id, owner and expiry, and as many leases per pair as the caps force (every spec
    /// needs a pair; when the jobs outnumber the pairs the caps allow, pairs take several jobs).
    /// </summary>
    private PairPoolOptions PoolOptionsFor(RunRequest request, int jobsPerPair, int attempts)
    {
        var bySpec = request.Matrix.Jobs.GroupBy(j => SpecKey(j.ToMachineSpec())).Select(g => (Env: g.First().Environment, Count: g.Count())).ToList();
        var perPair = Math.Max(1, jobsPerPair);
        while (true)
        {
            var pairs = bySpec.Select(s => (s.Env, Pairs: (s.Count + perPair - 1) / perPair)).ToList();
            var fits = pairs.Sum(p => p.Pairs) <= _poolOptions.MaxPairs
                && pairs.GroupBy(p => p.Env, StringComparer.OrdinalIgnoreCase).All(g => g.Sum(p => p.Pairs) <= _poolOptions.MaxPairsPerEnvironment);
            if (fits)
            {
                break;
            }

            if (perPair >= request.Matrix.Jobs.Count)
            {
                throw new RunPlanException(
                    $"the matrix needs a pair for each of its {bySpec.Count} specs, more than {PairPoolOptions.SectionName}:MaxPairs ({_poolOptions.MaxPairs}) " +
                    $"or MaxPairsPerEnvironment ({_poolOptions.MaxPairsPerEnvironment}) allow; raise them or shrink the matrix.");
            }

            perPair++;
        }

        return new PairPoolOptions
        {
            MaxPairs = _poolOptions.MaxPairs,
            MaxPairsPerEnvironment = _poolOptions.MaxPairsPerEnvironment,
            MaxParallelProvisioning = _poolOptions.MaxParallelProvisioning,
            MaxParallelProvisioningPerEnvironment = _poolOptions.MaxParallelProvisioningPerEnvironment,
            MaxLeasesPerPair = perPair,
            LeaseTimeToLive = _poolOptions.LeaseTimeToLive,
            MaxJobAttempts = _poolOptions.MaxJobAttempts,
            MaxConsecutiveProvisioningFailures = attempts,
            PairTimeToLive = request.TimeToLive,
            Owner = request.Owner,
            RunId = request.RunId,
            DeleteTimeout = _poolOptions.DeleteTimeout,
        };
    }

    private static string SpecKey(MachineSpec spec) => $"{spec.Image}|{spec.Environment}|{spec.Architecture}|{spec.Size}".ToUpperInvariant();

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Run {RunId}: job {JobId} on pair {PairId}{Note}")]
    private static partial void LogAssigned(ILogger logger, string runId, string jobId, string pairId, string note);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "Run {RunId}: provisioning failed, removing what was made: {Reason}")]
    private static partial void LogProvisionFailed(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Run {RunId}: teardown could not remove {What}: {Reason}")]
    private static partial void LogTeardownFailed(ILogger logger, string runId, string what, string reason);
}
