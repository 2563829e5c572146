using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Lab.Calibration;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.HyperV;
using Netperf.Lab.Drivers.Libvirt;
using Netperf.Lab.Drivers.Netns;
using Netperf.Lab.Drivers.Static;
using Netperf.Lab.Health;
using Netperf.Lab.Inventory;
using Netperf.Lab.Inventory.Internal;
using Netperf.Lab.Pairs;
using Netperf.Lab.Remoting;
using Netperf.Lab.Remoting.Internal;

namespace Netperf.Lab.Hosting;

/// <summary>Adds the lab environment to Netperf.</summary>
public static class LabNetperfBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="LabVmPairProvider"/> (environment <c>lab</c>) with its drivers (Hyper-V, libvirt, netns, static),
    /// host sessions, health tracking, default calibration, and <see cref="PeerBootstrapper"/> for <c>lab</c> pairs. Options bind from <c>Netperf:Lab</c> when
    /// <paramref name="configuration"/> is given, then <paramref name="configure"/> runs; they are validated at start-up.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configuration">
    /// The configuration whose <c>Netperf:Lab</c> section is read; <see langword="null"/> reads the host's <see cref="IConfiguration"/> when registered.
    /// </param>
    /// <param name="configure">Changes the options in code, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddLabVmPairs(this NetperfBuilder builder, IConfiguration? configuration = null, Action<LabOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNetperfOptions<LabOptions, LabOptionsValidator>(LabOptions.SectionName, configure, configuration);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILabHostShellFactory>(sp => new LabHostShellFactory(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<ILabCalibration, HardwareClassCalibration>();
        services.TryAddSingleton<LabHostHealth>();
        AddDriver(services, sp => new NetnsDriver(sp.GetRequiredService<TimeProvider>(), Timeout(sp)));
        AddDriver(services, sp => new HyperVDriver(sp.GetRequiredService<TimeProvider>(), Timeout(sp)));
        AddDriver(services, sp => new LibvirtDriver(sp.GetRequiredService<TimeProvider>(), Timeout(sp)));
        AddDriver(services, sp => new StaticVmDriver(
            [new HyperVDriver(sp.GetRequiredService<TimeProvider>(), Timeout(sp)), new LibvirtDriver(sp.GetRequiredService<TimeProvider>(), Timeout(sp))]));
        builder.AddPairBootstrapper<PeerBootstrapper>(LabVmPairProvider.EnvironmentName);
        return builder.AddVmPairProvider<LabVmPairProvider>();
    }

    /// <summary>
    /// Adds the single-machine lab: this machine as both hosts, network namespaces as VMs (see <see cref="LabOptions.SingleMachine"/>).
    /// Needs root on Linux with iproute2 and OpenSSH.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Changes the options in code (such as <see cref="LabOptions.Netem"/>), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddSingleMachineLab(this NetperfBuilder builder, Action<LabOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddLabVmPairs(configure: options =>
        {
            var single = LabOptions.SingleMachine();
            foreach (var host in single.Hosts)
            {
                options.Hosts.Add(host);
            }

            options.AllowSharedMachine = true;
            configure?.Invoke(options);
        });
    }

    private static TimeSpan Timeout(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<LabOptions>>().CurrentValue.HostCommandTimeout;

    private static void AddDriver<TDriver>(IServiceCollection services, Func<IServiceProvider, TDriver> factory)
        where TDriver : class, IHypervisorDriver =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHypervisorDriver, TDriver>(factory));
}
