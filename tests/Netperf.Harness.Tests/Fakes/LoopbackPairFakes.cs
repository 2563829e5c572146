using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Harness.Tests.Fakes;

/// <summary>
/// A hand-written provider whose pair is this machine twice (client and peer on 127.0.0.1, commands run
/// with <c>sh -c</c>), recording creations and deletions; and a bootstrapper that proves readiness by
/// running a command on the peer. Used to drive the Quickstart's harness for real without sshd.
/// </summary>
internal sealed class LoopbackPairProvider : IVmPairProvider
{
    public string Environment => "local";

    public List<string> Created { get; } = [];

    public List<string> Deleted { get; } = [];

    public Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        var id = $"npnq-{Created.Count + 1}";
        Created.Add(id);
        var now = DateTimeOffset.UtcNow;
        return Task.FromResult(new VmPair
        {
            Id = id,
            Client = new Machine { Name = "client", Addresses = ["127.0.0.1"], OsFamily = OsFamily.Linux, Shell = new ShellCommandShell() },
            Peer = new Machine { Name = "peer", Addresses = ["127.0.0.1"], OsFamily = OsFamily.Linux, Shell = new ShellCommandShell() },
            Spec = request.Spec,
            Owner = request.Owner,
            RunId = request.RunId,
            CreatedAt = now,
            ExpiresAt = now + request.TimeToLive,
        });
    }

    public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        Deleted.Add(pairId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PairRecord>>([]);
}

/// <summary>Proves readiness by running <c>true</c> on the peer through its shell.</summary>
internal sealed class ShellProofBootstrapper : IPairBootstrapper
{
    public async Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        var result = await pair.Peer.Shell.RunAsync(new Netperf.Core.Remoting.RemoteCommand { Text = "true" }, cancellationToken);
        return new ReadinessReport
        {
            PairId = pair.Id,
            Transport = "sh",
            IsReady = result.Succeeded,
            Steps = [new ReadinessStep { Name = "prove-ready", Outcome = result.Succeeded ? ReadinessStepOutcome.Succeeded : ReadinessStepOutcome.Failed, Duration = result.Duration }],
        };
    }
}
