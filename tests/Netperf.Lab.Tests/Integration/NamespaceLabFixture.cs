using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>A four-host namespace lab shared by the tests of one class; checks for leaks when it is torn down.</summary>
public class NamespaceLabFixture : IAsyncLifetime
{
    private readonly int _hosts;
    private NamespaceLab? _lab;

    public NamespaceLabFixture()
        : this(4)
    {
    }

    protected NamespaceLabFixture(int hosts) => _hosts = hosts;

    public NamespaceLab Lab => _lab ?? throw new InvalidOperationException(
        Prerequisites.Missing(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh) ?? "The lab did not start.");

    public async Task InitializeAsync()
    {
        if (Prerequisites.Missing(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh) is null)
        {
            _lab = await NamespaceLab.StartAsync(_hosts);
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

/// <summary>A lab without hosts: names, a state folder and the leak check, for the single-machine lab.</summary>
public sealed class SingleMachineFixture() : NamespaceLabFixture(0);
