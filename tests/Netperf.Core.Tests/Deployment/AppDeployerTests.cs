using Netperf.Core.Deployment;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Deployment;

/// <summary>The deployer against real local processes: in place when the machine sees the folder, else one archive, once per content.</summary>
public sealed class AppDeployerTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("npdeploy-app-").FullName;
    private readonly string _state = Directory.CreateTempSubdirectory("npdeploy-state-").FullName;

    public AppDeployerTests()
    {
        File.WriteAllText(Path.Combine(_app, "tool.dll"), "pretend assembly " + Guid.NewGuid());
        Directory.CreateDirectory(Path.Combine(_app, "runtimes", "linux-x64"));
        File.WriteAllText(Path.Combine(_app, "runtimes", "linux-x64", "native.so"), new string('x', 100_000));
        var script = Path.Combine(_app, "run.sh");
        File.WriteAllText(script, "#!/bin/sh\necho deployed-and-ran\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose()
    {
        Directory.Delete(_app, recursive: true);
        Directory.Delete(_state, recursive: true);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task DeployAsync_MachineSeesTheSameFolder_UsesItInPlaceWithoutCopying()
    {
        var shell = new CountingShell(new LocalProcessShell(environment: State()));
        var deployment = await new AppDeployer().DeployAsync(Machine(shell), _app);

        Assert.False(deployment.Copied);
        Assert.Equal(Path.GetFullPath(_app), deployment.Directory);
        Assert.Equal(0, shell.Copies);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task DeployAsync_ForcedCopy_UnpacksEveryFileWithItsModeIntoTheStateFolder()
    {
        var shell = new CountingShell(new LocalProcessShell(environment: State()));
        var deployment = await new AppDeployer().DeployAsync(Machine(shell), _app, forceCopy: true);

        Assert.True(deployment.Copied);
        Assert.Equal(Path.Combine(_state, "apps", deployment.ContentId), deployment.Directory);
        Assert.Equal(1, shell.Copies);
        Assert.Equal(File.ReadAllText(Path.Combine(_app, "tool.dll")), File.ReadAllText(deployment.PathOf("tool.dll")));
        Assert.Equal(100_000, new FileInfo(deployment.PathOf("runtimes/linux-x64/native.so")).Length);
        var ran = await shell.RunAsync(new RemoteCommand { Text = deployment.PathOf("run.sh") });
        Assert.Equal("deployed-and-ran", ran.StandardOutput.Trim());
        Assert.Empty(Directory.GetFiles(Path.Combine(_state, "apps"), "*.tar.gz"));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task DeployAsync_SameContentTwice_CopiesOnlyOnce()
    {
        var shell = new CountingShell(new LocalProcessShell(environment: State()));
        var deployer = new AppDeployer();

        var first = await deployer.DeployAsync(Machine(shell), _app, forceCopy: true);
        var second = await deployer.DeployAsync(Machine(shell), _app, forceCopy: true);

        Assert.Equal(first.Directory, second.Directory);
        Assert.Equal(1, shell.Copies);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task DeployAsync_ConcurrentDeploymentsOfOneContent_EndWithOneCompleteCopy()
    {
        var deployer = new AppDeployer();
        var deployments = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            deployer.DeployAsync(Machine(new LocalProcessShell(environment: State())), _app, forceCopy: true)));

        Assert.Single(deployments.Select(d => d.Directory).Distinct());
        Assert.Equal([deployments[0].ContentId], Directory.GetDirectories(Path.Combine(_state, "apps")).Select(Path.GetFileName));
        Assert.True(File.Exists(deployments[0].PathOf("runtimes/linux-x64/native.so")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task DeployAsync_ChangedFile_GetsANewContentId()
    {
        var deployer = new AppDeployer();
        var machine = Machine(new LocalProcessShell(environment: State()));
        var before = await deployer.DeployAsync(machine, _app);

        await File.AppendAllTextAsync(Path.Combine(_app, "tool.dll"), " rebuilt");
        var after = await deployer.DeployAsync(machine, _app);

        Assert.NotEqual(before.ContentId, after.ContentId);
    }

    [Fact]
    public async Task DeployAsync_MissingFolder_FailsNamingIt()
    {
        var missing = Path.Combine(_app, "not-built");
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new AppDeployer().DeployAsync(Machine(new LocalProcessShell()), missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task DeployAsync_UnpackFails_ThrowsWithTheMachineAndTheErrorOutput()
    {
        // A state folder under a regular file: the probe cannot create it.
        var blocker = Path.Combine(_state, "file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var shell = new LocalProcessShell(environment: new Dictionary<string, string> { ["NETPERF_STATE_DIR"] = Path.Combine(blocker, "state") });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new AppDeployer().DeployAsync(Machine(shell), _app, forceCopy: true));

        Assert.Contains("machine-a", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not a directory", error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string> State() => new() { ["NETPERF_STATE_DIR"] = _state };

    private static Machine Machine(IRemoteShell shell) => new()
    {
        Name = "machine-a",
        Addresses = ["127.0.0.1"],
        OsFamily = OsFamily.Linux,
        Shell = shell,
    };

    private sealed class CountingShell(IRemoteShell inner) : IRemoteShell
    {
        public int Copies { get; private set; }

        public string Description => inner.Description;

        public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default) => inner.RunAsync(command, cancellationToken);

        public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
        {
            Copies++;
            return inner.CopyToAsync(localPath, remotePath, cancellationToken);
        }

        public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => inner.CopyFromAsync(remotePath, localPath, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
