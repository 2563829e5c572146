using Microsoft.Extensions.Configuration;
using Netperf.Core.Hosting;
using Netperf.Lab.Hosting;

namespace Netperf.Samples.Pairs.Environments;

/// <summary>
/// The <c>lab</c> environment: one VM per physical host, pairs across two hosts (see docs/lab.md). Registered when
/// there is a lab to use: <c>Netperf:Lab:InventoryFile</c> names a JSON inventory (its <c>Netperf:Lab</c> section,
/// or the section's content at the top level), <c>Netperf:Lab:Hosts</c> is configured inline, or
/// <c>Netperf:Lab:SingleMachine=true</c> asks for the single-machine lab (root on Linux: this machine as both hosts,
/// network namespaces as VMs). Example: <c>NETPERF__LAB__SINGLEMACHINE=true netperf-pairs pairs create --env lab</c>.
/// </summary>
internal static class LabEnvironment
{
    public static void Register(NetperfBuilder netperf, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(netperf);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Netperf:Lab");
        if (string.Equals(section["SingleMachine"], "true", StringComparison.OrdinalIgnoreCase))
        {
            netperf.AddSingleMachineLab();
            return;
        }

        if (section["InventoryFile"] is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"the lab inventory file '{path}' (Netperf:Lab:InventoryFile) does not exist; write one (see docs/lab.md) or unset the setting.", path);
            }

            var inventory = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
            var root = inventory.GetSection("Netperf:Lab").Exists()
                ? inventory
                : new ConfigurationBuilder().AddInMemoryCollection(
                    inventory.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create("Netperf:Lab:" + kv.Key, kv.Value))).Build();
            netperf.AddLabVmPairs(root);
            return;
        }

        if (section.GetSection("Hosts").Exists())
        {
            netperf.AddLabVmPairs(configuration);
        }
    }
}
