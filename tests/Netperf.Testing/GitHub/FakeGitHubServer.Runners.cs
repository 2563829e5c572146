using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Netperf.Testing.GitHub;

public sealed partial class FakeGitHubServer
{
    /// <summary>The runners that exist, in creation order.</summary>
    public IReadOnlyList<FakeRunner> Runners
    {
        get
        {
            lock (_gate)
            {
                return _runners.ToList();
            }
        }
    }

    /// <summary>The registration (and remove) tokens handed out so far.</summary>
    public IReadOnlyList<string> IssuedRegistrationTokens
    {
        get
        {
            lock (_gate)
            {
                return _registrationTokens.Keys.ToList();
            }
        }
    }

    /// <summary>Adds a runner as if it had been registered and started.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="customLabels">Its custom labels.</param>
    /// <param name="online">Whether it is connected.</param>
    /// <param name="busy">Whether it runs a job.</param>
    /// <param name="scope">The scope path; default <c>repos/netperf/netperf</c>.</param>
    /// <returns>The runner.</returns>
    public FakeRunner AddRunner(string name, IEnumerable<string>? customLabels = null, bool online = true, bool busy = false, string scope = "repos/netperf/netperf")
    {
        lock (_gate)
        {
            var runner = new FakeRunner(_nextId++, scope, name) { Status = online ? "online" : "offline", Os = "linux", Busy = busy };
            runner.ReadOnlyLabels.AddRange(["self-hosted", "Linux", "X64"]);
            runner.CustomLabels.AddRange(customLabels ?? []);
            _runners.Add(runner);
            return runner;
        }
    }

    /// <summary>Sets a runner's busy flag (a job starts or ends). An ephemeral runner whose job ends unregisters itself: it is gone.</summary>
    public void SetBusy(long runnerId, bool busy)
    {
        lock (_gate)
        {
            var runner = _runners.First(r => r.Id == runnerId);
            if (runner.Busy && !busy && runner.Ephemeral)
            {
                _runners.Remove(runner);
                return;
            }

            runner.Busy = busy;
        }
    }

    /// <summary>Sets a runner online or offline.</summary>
    public void SetOnline(long runnerId, bool online) => Mutate(runnerId, r => r.Status = online ? "online" : "offline");

    /// <summary>What <c>run.sh --jitconfig X</c> does: the runner made for <paramref name="encodedJitConfig"/> comes online.</summary>
    /// <returns>False when no runner has that configuration (it was deleted or never made).</returns>
    public bool SimulateJitStart(string encodedJitConfig)
    {
        lock (_gate)
        {
            var runner = _runners.FirstOrDefault(r => r.JitConfig == encodedJitConfig);
            if (runner is null)
            {
                return false;
            }

            runner.Status = "online";
            runner.Os = runner.ReadOnlyLabels.Contains("Windows") ? "windows" : "linux";
            return true;
        }
    }

    /// <summary>What <c>config.sh --token T --name N --labels L</c> then <c>run.sh</c> do.</summary>
    /// <returns>The new runner.</returns>
    /// <exception cref="InvalidOperationException">The token is unknown or expired, or the name exists without <paramref name="replace"/>.</exception>
    public FakeRunner SimulateConfig(string registrationToken, string name, IEnumerable<string> labels, bool ephemeral, bool replace = false, string scope = "repos/netperf/netperf")
    {
        lock (_gate)
        {
            if (!_registrationTokens.TryGetValue(registrationToken, out var expires) || Clock.GetUtcNow() >= expires)
            {
                throw new InvalidOperationException("Http response code: NotFound from 'POST .../actions/runner-registration' (invalid or expired registration token)");
            }

            var existing = _runners.FirstOrDefault(r => r.Scope == scope && r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null && !replace)
            {
                throw new InvalidOperationException($"A runner exists with the same name {name}.");
            }

            if (existing is not null)
            {
                _runners.Remove(existing);
            }
        }

        var runner = AddRunner(name, labels, online: true, busy: false, scope);
        runner.Ephemeral = ephemeral;
        return runner;
    }

    private void Mutate(long runnerId, Action<FakeRunner> change)
    {
        lock (_gate)
        {
            change(_runners.First(r => r.Id == runnerId));
        }
    }

    private FakeResponse RunnerEndpoints(string method, string scope, string[] rest, IQueryCollection query, string? body)
    {
        var inScope = _runners.Where(r => r.Scope == scope).ToList();
        switch (method, rest)
        {
            case ("GET", []):
                var name = query["name"].FirstOrDefault();
                var list = name is null ? inScope : inScope.Where(r => r.Name == name).ToList();
                return Paged($"{scope}/actions/runners", query, "runners", list, Shape);
            case ("POST", ["registration-token"]):
            case ("POST", ["remove-token"]):
                var token = "AFAKE" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
                var expires = Clock.GetUtcNow().AddHours(1);
                _registrationTokens[token] = expires;
                return new FakeResponse(201, new Dictionary<string, object?> { ["token"] = token, ["expires_at"] = expires.ToString("O", CultureInfo.InvariantCulture) });
            case ("POST", ["generate-jitconfig"]):
                return GenerateJit(scope, inScope, body);
            case ("GET", ["downloads"]):
                return new FakeResponse(200, new[] { "linux-x64", "linux-arm64", "win-x64" }.Select(p => new Dictionary<string, object?>
                {
                    ["os"] = p.Split('-')[0] == "win" ? "win" : "linux",
                    ["architecture"] = p.Split('-')[1],
                    ["download_url"] = $"{BaseUrl}downloads/actions-runner-{p}-2.320.0.{(p.StartsWith("win", StringComparison.Ordinal) ? "zip" : "tar.gz")}",
                    ["filename"] = $"actions-runner-{p}-2.320.0.{(p.StartsWith("win", StringComparison.Ordinal) ? "zip" : "tar.gz")}",
                    ["sha256_checksum"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p))),
                }).ToList());
        }

        if (rest.Length == 0 || !long.TryParse(rest[0], CultureInfo.InvariantCulture, out var id))
        {
            return Error(404, "Not Found");
        }

        var runner = inScope.FirstOrDefault(r => r.Id == id);
        if (runner is null)
        {
            return Error(404, "Not Found");
        }

        switch (method, rest[1..])
        {
            case ("GET", []):
                return new FakeResponse(200, Shape(runner));
            case ("DELETE", []):
                if (runner.Busy && RejectBusyDeletes)
                {
                    return Error(422, "Bad request - Runner \"" + runner.Name + "\" is still running a job\"");
                }

                _runners.Remove(runner);
                return new FakeResponse(204, null);
            case ("GET", ["labels"]):
                return LabelsOf(runner);
            case ("POST", ["labels"]):
            case ("PUT", ["labels"]):
                var labels = ReadLabels(body);
                if (labels is null || (method == "POST" && labels.Count == 0) || labels.Count > 100)
                {
                    // validation_failed_simple: errors are plain strings.
                    return Error(422, "Validation Failed", new[]
                    {
                        labels is null ? "For 'properties/labels', nil is not an array." : $"For 'properties/labels', {labels.Count} items is not between 1 and 100 (minItems: 1, maxItems: 100).",
                    });
                }

                if (method == "PUT")
                {
                    runner.CustomLabels.Clear();
                }

                runner.CustomLabels.AddRange(labels.Where(l => !runner.AllLabels.Contains(l, StringComparer.OrdinalIgnoreCase)));
                return LabelsOf(runner);
            case ("DELETE", ["labels"]):
                runner.CustomLabels.Clear();
                return LabelsOf(runner);
            case ("DELETE", ["labels", var label]):
                var index = runner.CustomLabels.FindIndex(l => l.Equals(Uri.UnescapeDataString(label), StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    return Error(404, "Not Found");
                }

                runner.CustomLabels.RemoveAt(index);
                return LabelsOf(runner);
            default:
                return Error(404, "Not Found");
        }
    }

    private FakeResponse GenerateJit(string scope, List<FakeRunner> inScope, string? body)
    {
        using var doc = JsonDocument.Parse(body ?? "{}");
        var root = doc.RootElement;
        if (!root.TryGetProperty("runner_group_id", out _))
        {
            return Error(422, "Invalid input: object is missing required key: runner_group_id");
        }

        if (!root.TryGetProperty("name", out var nameElement) || nameElement.GetString() is not { Length: > 0 } name)
        {
            return Error(422, "Invalid input: object is missing required key: name");
        }

        var labels = root.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : null;
        if (labels is null || labels.Count is 0 or > 100)
        {
            return Error(422, "Invalid input: labels must have between 1 and 100 items");
        }

        if (inScope.Any(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            return Error(409, "Already exists - A runner with the name " + name + " already exists.");
        }

        var runner = new FakeRunner(_nextId++, scope, name)
        {
            Ephemeral = true,
            RunnerGroupId = root.GetProperty("runner_group_id").GetInt64(),
            JitConfig = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        };
        string[] defaults = ["self-hosted", "linux", "windows", "macos", "x64", "arm64", "arm"];
        runner.ReadOnlyLabels.AddRange(labels.Where(x => defaults.Contains(x, StringComparer.OrdinalIgnoreCase)));
        runner.CustomLabels.AddRange(labels.Where(x => !defaults.Contains(x, StringComparer.OrdinalIgnoreCase)));
        _runners.Add(runner);
        return new FakeResponse(201, new Dictionary<string, object?> { ["runner"] = Shape(runner), ["encoded_jit_config"] = runner.JitConfig });
    }

    private static List<string>? ReadLabels(string? body)
    {
        using var doc = JsonDocument.Parse(body ?? "{}");
        return doc.RootElement.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : null;
    }

    private static FakeResponse LabelsOf(FakeRunner runner)
    {
        var labels = LabelShapes(runner);
        return new FakeResponse(200, new Dictionary<string, object?> { ["total_count"] = labels.Count, ["labels"] = labels });
    }

    private static List<object> LabelShapes(FakeRunner runner) =>
        runner.ReadOnlyLabels.Select((l, i) => (object)new { id = i + 1, name = l, type = "read-only" })
            .Concat(runner.CustomLabels.Select((l, i) => (object)new { id = 100 + i, name = l, type = "custom" }))
            .ToList();

    private static object Shape(FakeRunner r) => new Dictionary<string, object?>
    {
        ["id"] = r.Id,
        ["runner_group_id"] = r.RunnerGroupId,
        ["name"] = r.Name,
        ["os"] = r.Os,
        ["status"] = r.Status,
        ["busy"] = r.Busy,
        ["ephemeral"] = r.Ephemeral,
        ["labels"] = LabelShapes(r),
    };
}
