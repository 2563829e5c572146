using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>A four-host namespace lab shared by the tests of one class; checks for leaks when it is torn down.</summary>
public sealed class NamespaceLabFixture : IAsyncLifetime
{
    private NamespaceLab? _lab;

    public NamespaceLab Lab => _lab ?? throw new InvalidOperationException(
        Prerequisites.Missing(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh) ?? "The lab did not start.");

    public async Task InitializeAsync()
    {
        if (Prerequisites.Missing(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh) is null)
        {
            _lab = await NamespaceLab.StartAsync(4);
        }
    }

    public async Task DisposeAsync()
    {
        if (_lab is null)
        {
            return;
        }

        await _lab.DisposeAsync();
        var leftovers = await _lab.FindLeftoversAsync();
        if (leftovers.Count > 0)
        {
            throw new InvalidOperationException("The namespace lab leaked: " + string.Join(", ", leftovers));
        }
    }
}
