using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Deployment.Internal;
using Netperf.Core.GitHub;
using Netperf.Core.GitHub.Internal;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;
using Netperf.Core.Runs.Internal;
using Netperf.Testing.Integration;
using Netperf.Testing.PowerShell;

namespace Netperf.Core.Tests.Remoting;

/// <summary>Every PowerShell script Netperf.Core generates is valid PowerShell to the real parser (pwsh).</summary>
public sealed class GeneratedPowerShellTests
{
    /// <summary>Values with every character PowerShell quoting must survive: quotes, typographic quotes, $, backticks.</summary>
    private const string Awkward = "it's ‘a’ “b” $x `n ;|&";

    [IntegrationFact(Prerequisite.Pwsh)]
    public async Task CoreScripts_EveryGenerator_ParsesWithZeroErrors()
    {
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        var ps = PowerShellBootstrapScripts.Instance;
        var endpoint = PeerEndpoint.Parse("10.0.0.5:2222");
        var key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB1Fe4xVsPrJOdfVBOvfw5hiahN6+9oL3L9/+lT2ST9Z netperf-pair-p1";
        scripts["bootstrap.PrepareClientKey"] = ps.PrepareClientKey("p1");
        scripts["bootstrap.InstallKey"] = ps.InstallKey(key);
        scripts["bootstrap.ListHostKeys"] = ps.ListHostKeys();
        scripts["bootstrap.WriteKnownHosts"] = ps.WriteKnownHosts("p1", ["[10.0.0.5]:2222 " + key]);
        scripts["bootstrap.WriteAlias"] = ps.WriteAlias("p1", endpoint, "admin", editHostsFile: false);
        scripts["bootstrap.WriteAlias+hosts"] = ps.WriteAlias("p1", endpoint, "admin", editHostsFile: true);
        scripts["bootstrap.PairClientFolder.FillPowerShell"] = Netperf.Core.Bootstrapping.PairClientFolder.FillPowerShell("p1", "'C:\\ProgramData\\netperf\\netperf_peer'", "10.0.0.5", "admin", ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB1Fe4xVsPrJOdfVBOvfw5hiahN6+9oL3L9/+lT2ST9Z"]);
        scripts["bootstrap.WriteAlias+kex"] = ps.WriteAlias("p1", endpoint, "admin", editHostsFile: false, SshKeyExchange.HostLocal);
        scripts["bootstrap.FindTools"] = ps.FindTools(["iperf3", "ntttcp"], powerShell: true);
        scripts["bootstrap.Probe+start"] = PowerShellBootstrapScripts.Probe(["iperf3"], powerShell: true, startPowerShell: true);
        scripts["bootstrap.InstallTools"] = ps.InstallTools(["iperf3"]);
        scripts["bootstrap.ProveReady"] = ps.ProveReady("p1", "echo hi");
        scripts["bootstrap.RunOnPeer"] = ps.RunOnPeer("p1", Awkward);
        scripts["bootstrap.ProvePowerShell"] = ps.ProvePowerShell("p1", "00ff", ["iperf3"]);
        scripts["bootstrap.PowerShellProof"] = PowerShellProof.Script("00ff", ["iperf3", "pwsh"]);
        scripts["paths.EnsureFunction"] = NetperfPaths.PowerShellEnsureFunction + "np_dir " + NetperfPaths.PowerShellExpression + " 'pairs'";
        scripts["runs.PrepareRunnerFolder"] = JobEnvironment.PrepareRunnerFolderPowerShell("p1", "job-" + Awkward, "run-" + Awkward, @"C:\netperf-runners\" + Awkward);
        scripts["runs.Exports"] = JobEnvironment.PowerShellExports("p1", "job-" + Awkward, "run-" + Awkward) + "Write-Output $env:NETPERF_PEER_HOST";
        scripts["command.WithPidMarker"] = PowerShellCommand.WithPidMarker("'x'");
        scripts["command.KillTree"] = PowerShellCommand.KillTree(1234);
        scripts["deployment.Probe"] = DeploymentScripts.Probe(Netperf.Core.Pairs.OsFamily.Windows, @"C:\apps\" + Awkward, "abc123");
        scripts["deployment.Extract"] = DeploymentScripts.Extract(Netperf.Core.Pairs.OsFamily.Windows, @"C:\apps\abc", @"C:\apps\" + Awkward + ".tar.gz");
        foreach (var (name, url, path, sha) in new[]
        {
            ("download", new Uri("https://github.com/actions/runner/releases/download/v2.0.0/actions-runner-win-x64-2.0.0.zip"), (string?)null, "ABCDEF"),
            ("staged", (Uri?)null, @"C:\staged\" + Awkward + ".zip", (string?)null),
        })
        {
            scripts["runner.Windows." + name] = WindowsRunnerScript.Render(new RunnerScriptRequest(
                "runner-" + Awkward, ["netperf", "windows-2022"], RunnerRegistrationMode.RegistrationToken, "x64",
                new Uri("https://github.com/contoso/app"), path, url, sha, @"C:\actions-runner\" + Awkward));
        }

        await PowerShellParser.AssertAllParseAsync(scripts);
    }

    [IntegrationFact(Prerequisite.Pwsh)]
    public async Task PowerShellParser_BrokenScript_ReportsTheError()
    {
        // The parse test above can fail: a script the parser rejects is reported by name.
        var errors = await PowerShellParser.ParseAsync(new Dictionary<string, string> { ["broken"] = "if ($x { 'unclosed'", ["fine"] = "'ok'" });

        Assert.NotEmpty(errors["broken"]);
        Assert.Empty(errors["fine"]);
    }
}
