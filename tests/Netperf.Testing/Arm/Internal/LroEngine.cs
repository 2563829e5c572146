using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>Keeps long-running operations and answers their status polls as ARM does.</summary>
internal sealed class LroEngine(ArmStateStore store, ArmFaults faults, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, LroOperation> _operations = new(StringComparer.OrdinalIgnoreCase);

    public int InProgress => _operations.Values.Count(o => !o.IsDone);

    public LroOperation Start(ArmOperationKind kind, Func<ArmError?> complete, Func<bool>? readyWhen = null, bool hang = false, TimeSpan? minDuration = null)
    {
        var latency = faults.LatencyOf(kind);
        var operation = new LroOperation
        {
            Id = Guid.NewGuid().ToString(),
            StartedAt = timeProvider.GetUtcNow(),
            MinDuration = minDuration is { } modelled && modelled > latency ? modelled : latency,
            PollsBeforeDone = faults.PollsBeforeDone,
            Hang = hang,
            ReadyWhen = readyWhen,
            Complete = complete,
        };
        _operations[operation.Id] = operation;
        return operation;
    }

    /// <summary>Advances the operation by one poll; <see langword="null"/> when unknown.</summary>
    public LroOperation? Poll(string id)
    {
        if (!_operations.TryGetValue(id, out var operation))
        {
            return null;
        }

        lock (store.Gate)
        {
            if (operation.IsDone)
            {
                return operation;
            }

            operation.Polls++;
            var now = timeProvider.GetUtcNow();
            if (!operation.Hang
                && operation.Polls > operation.PollsBeforeDone
                && now - operation.StartedAt >= operation.MinDuration
                && (operation.ReadyWhen?.Invoke() ?? true))
            {
                operation.Error = operation.Complete();
                operation.Status = operation.Error is null ? "Succeeded" : "Failed";
                operation.EndTime = now;
            }
        }

        // What the completion left to do outside the lock (a removed VM's guest), before the poll answers.
        store.RunDeferred();
        return operation;
    }

    public static JsonObject StatusBody(LroOperation operation)
    {
        var body = new JsonObject
        {
            ["startTime"] = operation.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["status"] = operation.Status,
            ["name"] = operation.Id,
        };
        if (operation.EndTime is { } end)
        {
            body["endTime"] = end.ToString("O", CultureInfo.InvariantCulture);
        }

        if (operation.Error is { } error)
        {
            body["error"] = ArmHttp.ErrorObject(error);
        }

        return body;
    }
}
