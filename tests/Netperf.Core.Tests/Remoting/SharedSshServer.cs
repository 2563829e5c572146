using Netperf.Testing.Integration;
using Netperf.Testing.Ssh;

namespace Netperf.Core.Tests.Remoting;

/// <summary>One private sshd for all tests of a class (started on first use, so skipped classes start none).</summary>
public sealed class SharedSshServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SshServerFixture? _server;

    public async Task<SshServerFixture> GetAsync()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        await _gate.WaitAsync();
        try
        {
            return _server ??= await SshServerFixture.StartAsync();
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
