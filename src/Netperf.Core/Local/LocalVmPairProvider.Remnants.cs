using Netperf.Core.Local.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local;

/// <content>
/// What a kill -9 can leave in the state folder, and its removal. Creation writes ahead (the state file before the pair's
/// folder, the sshd binary and config before the launch, pid and start time at the launch), so a crash leaves either a
/// pair with a state file, or one of these remnants, each provably this provider's own: it lies in its private folder.
/// </content>
public sealed partial class LocalVmPairProvider
{
    /// <summary>The id prefix of a session-folder remnant (<c>ssh/&lt;name&gt;</c>); pair ids cannot hold '/'.</summary>
    private const string SessionPrefix = SessionFolder.Parent + "/";

    private string SessionsFolder => Path.Combine(_stateRoot, SessionFolder.Parent);

    private PairRecord Remnant(string id) => new() { Id = id, Environment = EnvironmentName, Tags = new Dictionary<string, string>(), IsRemnant = true };

    /// <summary>Pair folders, and temporary state files of dead writers, whose state file does not exist.</summary>
    private IEnumerable<string> PairRemnants()
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(PairsFolder))
        {
            ids.Add(Path.GetFileName(folder));
        }

        foreach (var temp in Directory.EnumerateFiles(PairsFolder, "*.json" + NetperfPaths.TempMarker + "*"))
        {
            var name = Path.GetFileName(temp);
            var marker = name.LastIndexOf(".json" + NetperfPaths.TempMarker, StringComparison.Ordinal);
            if (OwnerToken.IsOrphan(name[(marker + 5 + NetperfPaths.TempMarker.Length)..]))
            {
                ids.Add(name[..marker]);
            }
        }

        return ids.Where(id => Remoting.ShellQuoting.SafeName().IsMatch(id)
            && !_live.ContainsKey(id)
            && !File.Exists(LocalPairState.PathFor(PairsFolder, id)));
    }

    /// <summary>Session folders (<c>ssh/&lt;pid&gt;-&lt;start&gt;-&lt;random&gt;</c>) whose owner process is gone.</summary>
    private List<string> SessionRemnants() =>
        PrivateFolder.Verify(SessionsFolder, _stateRoot)
            ? Directory.EnumerateDirectories(SessionsFolder).Select(Path.GetFileName).OfType<string>().Where(SessionFolder.IsOrphan).Order(StringComparer.Ordinal).ToList()
            : [];

    private void DeleteSessionRemnant(string name)
    {
        if (!OwnerToken.Pattern().IsMatch(name))
        {
            throw new ArgumentException($"'{SessionPrefix}{name}' is not a session folder of Netperf (ssh/<pid>-<start>-<random>).", nameof(name));
        }

        if (!PrivateFolder.Verify(SessionsFolder, _stateRoot))
        {
            return;
        }

        var folder = Path.Combine(SessionsFolder, name);
        if (!SessionFolder.IsOrphan(name))
        {
            throw new InvalidOperationException($"The session folder '{folder}' belongs to a process that still runs (or whose state cannot be told); it was left alone.");
        }

        // Its ssh control master may outlive its owner (ControlPersist): it is ours, it serves only this folder.
        foreach (var pid in SessionFolder.Masters(folder))
        {
            LocalTools.KillTree(pid);
        }

        PrivateSshServer.DeleteFolder(folder);
        LocalLog.RemnantDeleted(_logger, SessionPrefix + name);
    }
}
