using System.Globalization;
using Netperf.Perf.Export.Internal;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Reporting;

/// <summary>
/// Prints a run for people: a header, one line per lifecycle stage, a status line every
/// <c>--status-interval</c> (current, total and average ops/s), each measurement's result block (with its
/// latency percentiles under <c>--latency</c>) and the final result (with the latency over all iterations).
/// Failures go to the error writer with the stage and the exception.
/// </summary>
public sealed class ConsolePerfReporter : IPerfReporter
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly Lock _gate = new();

    /// <summary>Creates the reporter.</summary>
    /// <param name="output">Where status and results go (usually standard output).</param>
    /// <param name="error">Where failures go (usually standard error).</param>
    public ConsolePerfReporter(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        _out = output;
        _error = error;
    }

    /// <inheritdoc />
    public void RunStarting(string test, PerfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Write(_out, $"=== {test} ==={Environment.NewLine}" +
            $"parallel {options.Parallel}, {ProcessesText(options)}, duration {options.Duration} s, warmup {options.Warmup} s, " +
            $"iterations {options.Iterations}, {(options.Sync ? "sync" : "async")}" +
            (options.Rate > 0 ? string.Create(CultureInfo.InvariantCulture, $", rate {options.Rate:G} ops/s") : string.Empty));
    }

    // --processes 0 (the default) means one per core: say how many that came to, so `-p 2` running two
    // children is never a surprise.
    private static string ProcessesText(PerfOptions options)
    {
        var count = Processes.Internal.MultiProcessRunner.ResolveProcessCount(options);
        var noun = count == 1 ? "process" : "processes";
        return options.Processes > 0
            ? $"{count} {noun}"
            : $"{count} {noun} (--processes default: one per core, capped at --parallel)";
    }

    /// <inheritdoc />
    public void StageStarting(RunStage stage)
    {
        if (stage.IsMeasured)
        {
            Write(_out, $"{Environment.NewLine}=== {stage} ==={Environment.NewLine}{"Elapsed",10}{"Current",18}{"Total",18}{"Average",18}");
        }
    }

    /// <inheritdoc />
    public void Status(RunStage stage, PerfSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Write(_out, string.Create(CultureInfo.InvariantCulture,
            $"{sample.ElapsedSeconds,9:F1}s{sample.CurrentOpsPerSecond,18:N0}{sample.CompletedOperations,18:N0}{sample.AverageOpsPerSecond,18:N2}"));
    }

    /// <inheritdoc />
    public void StageCompleted(PerfStageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Failure is { } failure)
        {
            Write(_error, $"{outcome.Stage} failed: {failure}");
            return;
        }

        if (outcome.Cancelled)
        {
            Write(_error, $"{outcome.Stage} cancelled; cleaning up.");
            return;
        }

        if (outcome.Measurement is { } m)
        {
            Write(_out, string.Create(CultureInfo.InvariantCulture,
                $"{Environment.NewLine}=== Results: {outcome.Stage} ==={Environment.NewLine}" +
                $"Completed {m.CompletedOperations:N0} operations in a weighted-average of {WeightedSeconds(m):F2}s " +
                $"({m.OpsPerSecond:N2} ops/s, {m.SecondsPerOperation:E3} s/op)"));
            if (m.Latency is { } latency)
            {
                Write(_out, string.Join(Environment.NewLine, LatencyText.Lines(latency)));
            }

            return;
        }

        if (!outcome.Stage.IsMeasured)
        {
            Write(_out, $"[{outcome.Stage}] done");
        }
    }

    /// <inheritdoc />
    public void RunCompleted(PerfRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string> { string.Empty, $"=== Result: {result.Test} ({result.Status}) ===" };
        if (result.Iterations.Count > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{result.Iterations.Count} iteration(s): {result.CompletedOperations:N0} operations, " +
                $"{result.OpsPerSecond:N2} ops/s (mean), {result.SecondsPerOperation:E3} s/op"));
        }

        foreach (var error in result.Errors)
        {
            lines.Add($"{error.Stage} failed with {error.Type}: {error.Message}");
        }

        Write(result.Status == PerfRunStatus.Succeeded ? _out : _error, string.Join(Environment.NewLine, lines));
        if (result.Iterations.Count > 1 && LatencyText.OfRun(result) is { } latency)
        {
            Write(_out, string.Join(Environment.NewLine, ["Latency over all iterations:", .. LatencyText.Lines(latency)]));
        }
    }

    private static double WeightedSeconds(PerfMeasurement m) =>
        m.OpsPerSecond > 0 ? m.CompletedOperations / m.OpsPerSecond : 0;

    private void Write(TextWriter writer, string text)
    {
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
