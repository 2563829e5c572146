using System.Text.Json;

namespace Netperf.Core.Local.Internal;

/// <summary>
/// The state file of one local pair (<c>pairs/&lt;id&gt;.json</c>): written before anything else of the pair exists and
/// updated as it grows, so another process (or the janitor, after a crash) can list and delete it. Deletion trusts
/// none of its paths: the pair's folder and sshd config follow from the id; the sshd is killed only when its pid, start
/// time and exact command line prove it is the pair's (<see cref="SshdProcess"/>).
/// </summary>
internal sealed record LocalPairState
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public required string Id { get; init; }

    public required Dictionary<string, string> Tags { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Folder { get; init; }

    /// <summary>The clock-tick count since boot when the record was first written, before anything of the pair existed.</summary>
    public long RecordedTicks { get; init; }

    public string Transport { get; init; } = "ssh";

    public int SshdPid { get; init; }

    /// <summary>The sshd's start time (clock ticks since boot), recorded with its pid right after its launch.</summary>
    public long SshdStartTicks { get; init; }

    /// <summary>The sshd binary the pair runs (its command line starts with it), recorded before the launch.</summary>
    public string? SshdPath { get; init; }

    public int SshdPort { get; init; }

    public string? SshdConfig { get; init; }

    public string ListenAddress { get; init; } = "127.0.0.1";

    public static string PathFor(string pairsFolder, string id) => Path.Combine(pairsFolder, id + ".json");

    public void Save(string pairsFolder) =>
        Remoting.Internal.NetperfPaths.WritePrivateFile(PathFor(pairsFolder, Id), JsonSerializer.Serialize(this, Json));

    public static LocalPairState? Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalPairState>(File.ReadAllText(path), Json);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static async Task<LocalPairState?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync<LocalPairState>(stream, Json, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
