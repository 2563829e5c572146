using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Core.Local;
using Netperf.Core.Pairs;

namespace Netperf.Core.Tests.Local;

public sealed class LocalOptionsTests
{
    [Theory]
    [InlineData("10.1.2.3", "Netperf:Local:ListenAddress")]
    [InlineData("not-an-ip", "Netperf:Local:ListenAddress")]
    public void Validate_NonLoopbackAddress_NamesSetting(string address, string setting)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(o => o.ListenAddress = address).GetRequiredService<IOptions<LocalOptions>>().Value);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RelativeStateDirectory_NamesSettingAndFix()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(o => o.StateDirectory = "relative/dir").GetRequiredService<IOptions<LocalOptions>>().Value);

        Assert.Contains("Netperf:Local:StateDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("absolute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingSshd_NamesSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(o => o.SshdPath = "/nonexistent/sshd").GetRequiredService<IOptions<LocalOptions>>().Value);

        Assert.Contains("Netperf:Local:SshdPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadStepTimeout_NamesSetting()
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddPeerBootstrapper(o => o.StepTimeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PeerBootstrapperOptions>>().Value);

        Assert.Contains("Netperf:Bootstrap:StepTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLocalVmPairs_Twice_RegistersOneProviderAndTheBootstrapper()
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddLocalVmPairs().AddLocalVmPairs(o => o.StateDirectory = "/tmp/npr-unused");
        await using var provider = services.BuildServiceProvider();

        var pairs = provider.GetServices<IVmPairProvider>().ToList();

        var local = Assert.IsType<LocalVmPairProvider>(Assert.Single(pairs));
        Assert.Same(local, provider.GetRequiredService<LocalVmPairProvider>());
        Assert.Equal("/tmp/npr-unused/pairs", local.PairsFolder);
        Assert.IsType<PeerBootstrapper>(provider.GetRequiredService<IPairBootstrapper>());
    }

    private static ServiceProvider Build(Action<LocalOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddLocalVmPairs(configure);
        return services.BuildServiceProvider();
    }
}
