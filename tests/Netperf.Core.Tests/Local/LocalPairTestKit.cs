using System.Text.Json;
using Microsoft.Extensions.Options;
using Netperf.Core.Local;
using Netperf.Core.Pairs;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Local;

/// <summary>Makes a provider over a private state folder (prefixed <c>npr-</c>, not under /tmp) and finds leftovers after a test.</summary>
internal sealed class LocalPairTestKit : IDisposable
{
    public LocalPairTestKit(Action<LocalOptions>? configure = null)
    {
        StateDirectory = PrivateTestFolder.Create("npr-state-");
        var options = new LocalOptions { StateDirectory = StateDirectory, StartTimeout = TimeSpan.FromSeconds(30) };
        configure?.Invoke(options);
        Options = options;
        Provider = new LocalVmPairProvider(Microsoft.Extensions.Options.Options.Create(options), Logs);
    }

    public string StateDirectory { get; }

    public LocalOptions Options { get; }

    public RecordingLoggerFactory Logs { get; } = new();

    public LocalVmPairProvider Provider { get; }

    public static PairRequest Request(string? id = null) => new()
    {
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "local" },
        Owner = "netperf-tests",
        RunId = "run-42-1",
        PairId = id,
    };

    public LocalVmPairProvider SecondProvider() => new(Microsoft.Extensions.Options.Options.Create(Options), Logs);

    public JsonElement State(string pairId) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "pairs", pairId + ".json"))).RootElement;

    /// <summary>Every file and folder left in the state folder.</summary>
    public IReadOnlyList<string> Leftovers() =>
        Directory.Exists(StateDirectory) ? Directory.GetFileSystemEntries(StateDirectory, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith("/pairs", StringComparison.Ordinal)).ToList() : [];

    /// <summary>The base64 lines of every private key under the pair's folder (host, orchestrator and pair keys).</summary>
    public IReadOnlyList<string> PrivateKeyLines(string pairId)
    {
        var folder = Path.Combine(StateDirectory, "pairs", pairId);
        return Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "id_ed25519" or "host_ed25519_key")
            .SelectMany(File.ReadAllLines)
            .Where(line => line.Length >= 20 && !line.StartsWith("-----", StringComparison.Ordinal))
            .ToList();
    }

    public void Dispose()
    {
        PrivateTestFolder.Delete(StateDirectory);
    }
}
