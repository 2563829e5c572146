using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Netperf.Perf.Running;

namespace Netperf.Perf.Diagnostics.Profiling;

/// <summary>
/// <c>--profile</c> as a run feature: in every process that hosts instances, an EventPipe session on the process
/// itself (the runtime's sample profiler, every ~1 ms per thread, with the runtime's method events so stacks have
/// names) covers the first measured iteration and is written to
/// <c>profile-&lt;TestClass&gt;-&lt;ProcessIndex&gt;-&lt;sync|async&gt;.nettrace</c> in the working directory, then converted to
/// speedscope JSON beside it (<see cref="SpeedscopeConverter"/>). Works for every test kind, event tests included,
/// and with <c>--processes</c> (one file per process, by its index).
/// </summary>
public sealed class ProfileFeature : IPerfRunFeature
{
    /// <inheritdoc />
    public string Name => "profile";

    /// <inheritdoc />
    public IEnumerable<string> Validate(PerfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Profile)
        {
            return [];
        }

        // The runtime reads these once at start-up; with either at 0 there is no IPC channel to start a session on.
        foreach (var variable in new[] { "DOTNET_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics" })
        {
            if (Environment.GetEnvironmentVariable(variable) == "0")
            {
                return [$"--profile needs the runtime's diagnostics (EventPipe over the diagnostics IPC channel), but {variable}=0 turns it off: unset {variable} to profile."];
            }
        }

        return [];
    }

    /// <inheritdoc />
    public PerfRunFeatureSession? Join(PerfRunFeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Options.Profile || context.Instances.Count == 0)
        {
            return null;
        }

        var first = context.Instances[0];
        var processIndex = ProcessIndexOf(context);
        var name = $"profile-{first.GetType().Name}-{processIndex}-{(context.Options.Sync ? "sync" : "async")}.nettrace";
        return new Session(Path.Combine(Directory.GetCurrentDirectory(), name));
    }

    // A --processes child carries its index in NETPERF_PROCESS_INDEX (set by the runner); a single-process run is process 0.
    private static int ProcessIndexOf(PerfRunFeatureContext context) =>
        int.TryParse(Environment.GetEnvironmentVariable("NETPERF_PROCESS_INDEX"), System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : 0;

    private sealed class Session(string path) : PerfRunFeatureSession
    {
        private EventPipeSession? _session;
        private Task? _copy;
        private FileStream? _file;

        public override Task BeforeStageAsync(RunStage stage, CancellationToken cancellationToken)
        {
            if (stage != RunStage.ForIteration(1))
            {
                return Task.CompletedTask;
            }

            var client = new DiagnosticsClient(Environment.ProcessId);
            EventPipeProvider[] providers =
            [
                new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
                new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)(ClrKeywords.Jit | ClrKeywords.Loader | ClrKeywords.Stack)),
            ];
            try
            {
                _session = client.StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 256);
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or DiagnosticsClientException or UnsupportedCommandException)
            {
                throw new InvalidOperationException($"--profile could not start an EventPipe session in process {Environment.ProcessId}: {ex.Message}", ex);
            }

            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            _copy = _session.EventStream.CopyToAsync(_file, CancellationToken.None);
            return Task.CompletedTask;
        }

        public override async Task AfterStageAsync(RunStage stage, CancellationToken cancellationToken)
        {
            if (stage != RunStage.ForIteration(1) || _session is null)
            {
                return;
            }

            await _session.StopAsync(cancellationToken).ConfigureAwait(false);
            await _copy!.ConfigureAwait(false);
            await _file!.DisposeAsync().ConfigureAwait(false);
            _session.Dispose();
            _session = null;
            SpeedscopeConverter.Convert(path, Path.ChangeExtension(path, ".speedscope.json"));
        }
    }

    [Flags]
    private enum ClrKeywords : long
    {
        Loader = 0x8,
        Jit = 0x10,
        Stack = 0x40000000,
    }
}
