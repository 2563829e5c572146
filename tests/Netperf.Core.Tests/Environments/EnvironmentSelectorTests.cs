using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Environments;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Testing.Pairs;

namespace Netperf.Core.Tests.Environments;

public sealed class EnvironmentSelectorTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void Resolve_Auto_AvailableAutomaticEnvironmentsInPreferenceOrder()
    {
        var selector = new EnvironmentSelector(
        [
            new TestEnvironment("lab", EnvironmentAvailability.Detected("namespaces")),
            new TestEnvironment("cloud", EnvironmentAvailability.Configured("subscription"), selectedByAuto: false),
            new TestEnvironment("rack", EnvironmentAvailability.Unavailable("no inventory")),
            new LocalEnvironment(),
        ]);

        var chosen = selector.Resolve("AUTO", Empty);

        Assert.Equal(["lab", "local"], chosen.Select(e => e.Name));
    }

    [Fact]
    public void Resolve_AutoWithNothingAvailable_SaysWhyForEach()
    {
        var selector = new EnvironmentSelector([new TestEnvironment("rack", EnvironmentAvailability.Unavailable("no inventory"))]);

        var error = Assert.Throws<InvalidOperationException>(() => selector.Resolve("auto", Empty));

        Assert.Contains("rack: no inventory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownName_ListsTheKnownNames()
    {
        var selector = new EnvironmentSelector([new LocalEnvironment(), new TestEnvironment("lab", EnvironmentAvailability.Detected("namespaces"))]);

        var error = Assert.Throws<InvalidOperationException>(() => selector.Resolve("moon", Empty));

        Assert.Equal("Unknown environment 'moon'; use auto, local, lab.", error.Message);
    }

    [Fact]
    public void Resolve_NameNotAvailable_GivesTheReason()
    {
        var selector = new EnvironmentSelector([new TestEnvironment("cloud", EnvironmentAvailability.Unavailable("Netperf:Cloud:Account is not set"), selectedByAuto: false)]);

        var error = Assert.Throws<InvalidOperationException>(() => selector.Resolve("Cloud", Empty));

        Assert.Equal("The cloud environment is not available here: Netperf:Cloud:Account is not set", error.Message);
    }

    [Fact]
    public void Resolve_NameNotSelectedByAuto_IsUsedWhenNamed()
    {
        var cloud = new TestEnvironment("cloud", EnvironmentAvailability.Configured("subscription"), selectedByAuto: false);

        Assert.Same(cloud, Assert.Single(new EnvironmentSelector([new LocalEnvironment(), cloud]).Resolve("cloud", Empty)));
    }

    [Fact]
    public void Constructor_DuplicateOrReservedName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EnvironmentSelector([new LocalEnvironment(), new TestEnvironment("LOCAL", EnvironmentAvailability.Detected("x"))]));
        Assert.Throws<ArgumentException>(() => new EnvironmentSelector([new TestEnvironment("auto", EnvironmentAvailability.Detected("x"))]));
    }

    [Fact]
    public async Task RegisterConfigured_RegistersConfiguredOnly()
    {
        var lab = new TestEnvironment("lab", EnvironmentAvailability.Detected("namespaces"));
        var cloud = new TestEnvironment("cloud", EnvironmentAvailability.Configured("subscription"), selectedByAuto: false);
        var services = new ServiceCollection();

        var registered = new EnvironmentSelector([lab, cloud, new LocalEnvironment()]).RegisterConfigured(services.AddNetperf(), Empty);

        Assert.Equal(["cloud", "local"], registered.Select(e => e.Name));
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(["cloud", "local"], provider.GetRequiredService<VmPairProviderCatalog>().Environments);
    }

    private sealed class TestEnvironment(string name, EnvironmentAvailability availability, bool selectedByAuto = true) : INetperfEnvironment
    {
        public string Name => name;

        public bool SelectedByAuto => selectedByAuto;

        public EnvironmentAvailability CheckAvailability(IConfiguration configuration) => availability;

        public void Register(NetperfBuilder builder, IConfiguration configuration) =>
            builder.Services.AddSingleton<IVmPairProvider>(new InMemoryVmPairProvider(name));
    }
}
