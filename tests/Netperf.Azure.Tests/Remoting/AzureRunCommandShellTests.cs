using System.Diagnostics;
using Netperf.Azure.Tests.Support;
using Netperf.Testing.Arm;
using Netperf.Testing.Integration;

namespace Netperf.Azure.Tests.Remoting;

public sealed class AzureRunCommandShellTests
{
    /// <summary>A path that breaks out of naive single quotes and would run a command if it were not quoted as one word.</summary>
    private const string HostileName = "it's $(touch PWNED) `touch PWNED2` \"x\"; touch PWNED3";

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CopyToAndFrom_HostilePathOnLinux_ReachesExactlyThatFileAndRunsNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var sandbox = Directory.CreateTempSubdirectory("np-runcommand-copy-").FullName;
        try
        {
            await using var host = await AzureTestHost.StartAsync();
            var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

            // The fake VM runs what Run Command would run: the script, with the parameters in its environment, here.
            host.Guests.Fallback = (command, ct) => RunAsBashAsync(command, sandbox, ct);
            var folder = Directory.CreateDirectory(Path.Combine(sandbox, HostileName)).FullName;
            var remote = Path.Combine(folder, HostileName + ".bin");
            var local = Path.Combine(sandbox, "local.bin");
            var back = Path.Combine(sandbox, "back.bin");
            var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096);
            await File.WriteAllBytesAsync(local, bytes);

            await pair.Client.Shell.CopyToAsync(local, remote);
            await pair.Client.Shell.CopyFromAsync(remote, back);

            Assert.Equal(bytes, await File.ReadAllBytesAsync(remote));
            Assert.Equal(bytes, await File.ReadAllBytesAsync(back));
            Assert.Empty(Directory.EnumerateFiles(sandbox, "PWNED*", SearchOption.AllDirectories));
            await host.Provider.DeletePairAsync(pair.Id);
        }
        finally
        {
            Directory.Delete(sandbox, recursive: true);
        }
    }

    [Fact]
    public async Task CopyToAsync_WindowsPath_IsOnePowerShellLiteral()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.Images["windows-prerelease"] = new AzureImageOptions
        {
            GalleryImageId = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/ws-next",
        });
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-prerelease"));
        var scripts = new List<string>();
        host.Guests.Fallback = (command, _) =>
        {
            scripts.Add(command.Script);
            return Task.FromResult(new GuestResult(0, "AAAA"));
        };
        var local = Path.Combine(Path.GetTempPath(), $"np-copy-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(local, [1, 2, 3]);
        try
        {
            await pair.Client.Shell.CopyToAsync(local, @"C:\it's $(calc)\f.bin");
            await pair.Client.Shell.CopyFromAsync(@"C:\it's $(calc)\f.bin", local);
        }
        finally
        {
            File.Delete(local);
        }

        Assert.Contains(@"[IO.File]::WriteAllBytes('C:\it''s $(calc)\f.bin', ", scripts[0], StringComparison.Ordinal);
        Assert.Contains(@"[IO.File]::ReadAllBytes('C:\it''s $(calc)\f.bin')", scripts[1], StringComparison.Ordinal);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    private static async Task<GuestResult> RunAsBashAsync(GuestCommand command, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command.Script);
        foreach (var (name, value) in command.Parameters)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new GuestResult(process.ExitCode, await output, await error);
    }
}
