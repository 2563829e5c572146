using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Testing.Pairs;

namespace Netperf.Core.Tests.Pool;

/// <summary>Builds pools over in-memory providers for the pool tests.</summary>
internal static class PoolFixture
{
    public static MachineSpec UbuntuServer(string env = "memory") => new() { Image = "ubuntu-24.04", Environment = env };

    public static MachineSpec WindowsServer(string env = "memory") => new() { Image = "windows-2022", Environment = env };

    public static PoolJob Job(string id, MachineSpec spec) => new() { Id = id, Spec = spec };

    public static PairPool NewPool(
        FakePairBootstrapper bootstrapper,
        PairPoolOptions? options = null,
        TimeProvider? time = null,
        CapturingLoggerFactory? logs = null,
        params IVmPairProvider[] providers) =>
        new(
            new PairProvisioner(new VmPairProviderCatalog(providers), bootstrapper, time, logs?.CreateLogger<PairProvisioner>()),
            Options.Create(options ?? new PairPoolOptions()),
            time,
            logs);
}
