using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Runs;

/// <summary>
/// Plan files: one JSON file per run in <see cref="RunPlanOptions.Directory"/>, written whole (a temporary file renamed
/// over the old one), so a reader never sees half a plan. The file of a run is created exclusively: a run id in use is
/// refused, even by two processes at once.
/// </summary>
public sealed class RunPlanStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly string? _configured;

    /// <summary>Creates the store.</summary>
    /// <param name="options">Where plan files live.</param>
    public RunPlanStore(IOptions<RunPlanOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configured = options.Value.Directory;
    }

    /// <summary>The folder of plan files.</summary>
    public string Directory => _configured ?? Path.Combine(NetperfPaths.StateRoot(), "runs");

    /// <summary>The plan file of a run: its id with unsafe characters replaced, and a short hash of the id (two ids never share a file).</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The path.</returns>
    public string PathOf(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var safe = new string(runId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId)))[..8];
        return Path.Combine(Directory, $"{safe[..Math.Min(safe.Length, 80)]}-{hash}.json");
    }

    /// <summary>True when the run has a plan file.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>Whether it exists.</returns>
    public bool Exists(string runId) => File.Exists(PathOf(runId));

    /// <summary>Writes the first plan of a run; fails when the run has a plan already.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="RunPlanException">The run id is in use.</exception>
    public async Task CreateAsync(RunPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        EnsureDirectory();
        var path = PathOf(plan.RunId);
        FileStream stream;
        try
        {
            stream = new FileStream(path, NewFile());
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new RunPlanException($"run '{plan.RunId}' exists already (plan {path}); choose another --run, or remove it with 'netperf teardown --run {plan.RunId}'.");
        }

        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, plan, Json, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces a run's plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is replaced.</returns>
    public async Task SaveAsync(RunPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        EnsureDirectory();
        var path = PathOf(plan.RunId);
        var temporary = $"{path}.{NetperfPaths.RandomSuffix()}.tmp";
        var stream = new FileStream(temporary, NewFile());
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, plan, Json, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a run's plan.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan, or <see langword="null"/> when the run has none.</returns>
    public async Task<RunPlan?> LoadAsync(string runId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(runId);
        return File.Exists(path) ? await ReadAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Every plan in the folder (a file that does not parse is skipped).</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plans.</returns>
    public async Task<IReadOnlyList<RunPlan>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var plans = new List<RunPlan>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            try
            {
                plans.Add(await ReadAsync(file, cancellationToken).ConfigureAwait(false));
            }
            catch (JsonException)
            {
                // Not a plan of ours; leave it alone.
            }
        }

        return plans;
    }

    /// <summary>Removes a run's plan file (and the folder, when it was the last).</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>True when a file was removed.</returns>
    public bool Delete(string runId)
    {
        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        try
        {
            if (!System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
            {
                System.IO.Directory.Delete(Directory);
            }
        }
        catch (IOException)
        {
            // Another run wrote its plan meanwhile: the folder stays.
        }

        return true;
    }

    private static async Task<RunPlan> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<RunPlan>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"{path} holds no plan.");
        }
    }

    private static FileStreamOptions NewFile()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = NetperfPaths.PrivateFileMode;
        }

        return options;
    }

    private void EnsureDirectory()
    {
        if (_configured is null)
        {
            NetperfPaths.EnsurePrivateFolder(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
    }
}
