using System.Diagnostics;
using Netperf.Core.Local;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Testing.Ssh;

/// <summary>
/// A private sshd on 127.0.0.1 for integration tests, with a client key already authorized and the host key
/// pinned: <see cref="CreateShell"/> gives an <see cref="OpenSshShell"/> to it. Everything lives in one private folder
/// (<see cref="PrivateTestFolder"/>, prefixed <c>npr-</c>; sshd refuses keys under /tmp), removed with the server on dispose. Call
/// <c>Prerequisites.Ensure(Prerequisite.OpenSsh)</c> before <see cref="StartAsync"/>.
/// </summary>
public sealed class SshServerFixture : IAsyncDisposable
{
    private readonly string _root;

    private SshServerFixture(string root, PrivateSshServer server)
    {
        _root = root;
        Server = server;
    }

    /// <summary>The running server.</summary>
    public PrivateSshServer Server { get; }

    /// <summary>The client's private key file (mode 0600).</summary>
    public string IdentityFile => Path.Combine(_root, "client", "id_ed25519");

    /// <summary>The known_hosts file that pins the server's host key.</summary>
    public string KnownHostsFile => Path.Combine(_root, "client", "known_hosts");

    /// <summary>The root folder of the fixture (server and client files).</summary>
    public string Folder => _root;

    /// <summary>Starts a server and authorizes a fresh client key.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The fixture.</returns>
    public static Task<SshServerFixture> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, cancellationToken);

    /// <summary>Starts a server with <paramref name="options"/> (such as a PowerShell subsystem) and authorizes a fresh client key.</summary>
    /// <param name="options">How to start the server; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The fixture.</returns>
    public static async Task<SshServerFixture> StartAsync(PrivateSshServerOptions? options, CancellationToken cancellationToken = default)
    {
        var root = PrivateTestFolder.Create("npr-ssh-");
        var client = Path.Combine(root, "client");
        CreatePrivateFolder(client);
        PrivateSshServer? server = null;
        try
        {
            server = await PrivateSshServer.StartAsync(Path.Combine(root, "server"), options, cancellationToken: cancellationToken);
            var key = Path.Combine(client, "id_ed25519");
            using (var keygen = Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "netperf-test-client", "-f", key]))
            {
                await keygen.WaitForExitAsync(cancellationToken);
                if (keygen.ExitCode != 0)
                {
                    throw new InvalidOperationException("ssh-keygen failed for the test client key.");
                }
            }

            await server.AuthorizeKeyAsync(await File.ReadAllTextAsync(key + ".pub", cancellationToken), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(client, "known_hosts"), server.KnownHostsLine + "\n", cancellationToken);
            return new SshServerFixture(root, server);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            PrivateTestFolder.Delete(root);
            throw;
        }
    }

    /// <summary>The target of the server: 127.0.0.1, its port, the current user, the client key, the pinned host key.</summary>
    /// <returns>A target for <see cref="OpenSshShell"/>.</returns>
    public OpenSshTarget Target() => new()
    {
        Host = Server.Address.ToString(),
        Port = Server.Port,
        User = PrivateSshServer.UserName,
        IdentityFile = IdentityFile,
        KnownHostsFile = KnownHostsFile,
        HostKeyPolicy = HostKeyPolicy.Strict,
    };

    /// <summary>Creates a shell to the server (dispose it before the fixture).</summary>
    /// <returns>The shell.</returns>
    public OpenSshShell CreateShell() => new(Target());

    private static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Stops the server and removes every file.</summary>
    /// <returns>A task that completes when everything is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        PrivateTestFolder.Delete(_root);
    }
}
