using System.Security.Cryptography;
using System.Text;
using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;
using Netperf.Lab.Remoting.Internal;
using Netperf.Testing.Integration;
using Netperf.Testing.Secrets;

namespace Netperf.Lab.Tests.Remoting;

/// <summary>The shell a lab host with <c>Access:Kind=Local</c> gets from the default <see cref="LabHostShellFactory"/>.</summary>
public sealed class LocalHostShellTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_SecretOnStandardInput_ReachesTheCommandAndIsRedactedInItsOutput()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var secret = new PlantedSecret();
        var lines = new List<string>();
        await using var factory = new LabHostShellFactory(TimeProvider.System);
        await using var shell = factory.Create(new LabHostOptions { Name = "me", Address = "localhost", Access = new LabHostAccess { Kind = LabHostAccessKind.Local } });
        await using var watch = CommandLineWatch.Start();

        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = "IFS= read -r s; printf '%s' \"$s\" | sha256sum | cut -d' ' -f1; echo \"echoed $s\"; echo \"error $s\" >&2",
            StandardInput = secret.Value + "\n",
            Secrets = [secret.Value],
            OnOutputLine = lines.Add,
            OnErrorLine = lines.Add,
        });

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Value))), result.StandardOutput.Split('\n')[0]);
        Assert.Contains("echoed ***", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("error ***\n", result.StandardError);
        secret.AssertNotIn("the output", result.StandardOutput + result.StandardError);
        secret.AssertNotIn("the line callbacks", string.Join('\n', lines));
        await watch.AssertNeverSeenAsync(secret.Value);
    }
}
