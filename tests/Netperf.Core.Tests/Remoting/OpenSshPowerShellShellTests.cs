using Netperf.Core.Local;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;
using Netperf.Testing.Secrets;
using Netperf.Testing.Ssh;

namespace Netperf.Core.Tests.Remoting;

/// <summary>
/// The PowerShell flavour of <see cref="OpenSshShell"/> run for real: ssh to a private sshd whose sessions have
/// PowerShell 7 on PATH, each command as <c>pwsh -EncodedCommand</c>.
/// </summary>
public sealed class OpenSshPowerShellShellTests(OpenSshPowerShellShellTests.Server shared) : IClassFixture<OpenSshPowerShellShellTests.Server>
{
    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task RunAsync_Script_ReturnsExitCodeAndBothOutputs()
    {
        var server = await shared.GetAsync();
        await using var shell = PowerShellShell(server);
        var errors = new List<string>();

        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = "'out ' + $PSVersionTable.PSVersion.Major\n[Console]::Error.WriteLine('err line')\nexit 7",
            Timeout = TimeSpan.FromMinutes(1),
            OnErrorLine = errors.Add,
        });

        Assert.Equal(7, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal("out 7", result.StandardOutput.Trim());
        Assert.Equal("err line", result.StandardError.Trim());
        Assert.Equal(["err line"], errors);
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task RunAsync_ThrownError_IsANonZeroExitWithTheMessageOnStandardError()
    {
        var server = await shared.GetAsync();
        await using var shell = PowerShellShell(server);

        var result = await shell.RunAsync(new RemoteCommand { Text = "throw 'the script failed here'", Timeout = TimeSpan.FromMinutes(1) });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("the script failed here", result.StandardError, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task RunAsync_SecretOnStandardInput_ReachesTheScriptAndNoCommandLineOrOutput()
    {
        var server = await shared.GetAsync();
        await using var shell = PowerShellShell(server);
        var secret = "np-secret-" + Guid.NewGuid().ToString("N");
        await using var watch = CommandLineWatch.Start();

        // The script reads the secret from $input and echoes it back: the shell must redact it in what it returns.
        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = "$s = (@($input) -join '').Trim()\n'length=' + $s.Length\n'echo=' + $s",
            StandardInput = secret,
            Secrets = [secret],
            Timeout = TimeSpan.FromMinutes(1),
        });

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Contains($"length={secret.Length}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("echo=***", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StandardOutput, StringComparison.Ordinal);
        await watch.AssertNeverSeenAsync(secret);
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task RunAsync_Timeout_KillsTheRemotePwshAndItsChild()
    {
        var server = await shared.GetAsync();
        await using var shell = PowerShellShell(server);
        var token = ProcessProbe.Token();

        var result = await shell.RunAsync(new RemoteCommand { Text = $"& sleep {token}\n'never'", Timeout = TimeSpan.FromSeconds(8) });

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.DoesNotContain("never", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(await ProcessProbe.IsGoneWithinAsync($"sleep {token}", TimeSpan.FromSeconds(15)), "the remote sleep survived the timeout");
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task RunAsync_Cancelled_KillsTheRemotePwshAndThrows()
    {
        var server = await shared.GetAsync();
        await using var shell = PowerShellShell(server);
        var token = ProcessProbe.Token();
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();

        var run = shell.RunAsync(
            new RemoteCommand { Text = $"'started'\n& sleep {token}", Timeout = TimeSpan.FromMinutes(2), OnOutputLine = _ => started.TrySetResult() },
            cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(await IsStartedWithinAsync($"sleep {token}", TimeSpan.FromSeconds(30)), "the remote sleep never started");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(await ProcessProbe.IsGoneWithinAsync($"sleep {token}", TimeSpan.FromSeconds(15)), "the remote sleep survived the cancellation");
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task CopyToAsync_File_PowerShellOnTheFarSideReadsItAndCopyFromBringsItBack()
    {
        var server = await shared.GetAsync();
        await using var shell = PowerShellShell(server);
        var source = Path.Combine(server.Folder, "ps-source.txt");
        var remote = Path.Combine(server.Folder, "ps-remote.txt");
        var back = Path.Combine(server.Folder, "ps-back.txt");
        await File.WriteAllTextAsync(source, "payload ✓ 'quoted'\n");

        await shell.CopyToAsync(source, remote);
        var seen = await shell.RunAsync(new RemoteCommand { Text = $"(Get-FileHash -Algorithm SHA256 {ShellQuoting.PowerShell(remote)}).Hash", Timeout = TimeSpan.FromMinutes(1) });
        await shell.CopyFromAsync(remote, back);

        Assert.True(seen.Succeeded, seen.StandardError);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(source))), seen.StandardOutput.Trim());
        Assert.Equal(await File.ReadAllTextAsync(source), await File.ReadAllTextAsync(back));
    }

    private static async Task<bool> IsStartedWithinAsync(string token, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await ProcessProbe.IsRunningAsync(token))
        {
            if (watch.Elapsed > limit)
            {
                return false;
            }

            await Task.Yield();
        }

        return true;
    }

    private static OpenSshShell PowerShellShell(SshServerFixture server) => new(server.Target() with { Flavor = RemoteShellFlavor.PowerShell });

    /// <summary>One private sshd whose sessions find pwsh on PATH (and serve the powershell subsystem), for the class.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private SshServerFixture? _server;

        public async Task<SshServerFixture> GetAsync()
        {
            Prerequisites.Ensure(Prerequisite.OpenSsh, Prerequisite.Pwsh);
            await _gate.WaitAsync();
            try
            {
                return _server ??= await SshServerFixture.StartAsync(new PrivateSshServerOptions { PowerShellPath = Prerequisites.FindPwsh() });
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
