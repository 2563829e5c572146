using Microsoft.Extensions.Configuration;
using Netperf.Core.Environments;
using Netperf.Core.Hosting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Hosting;

/// <summary>
/// The <c>lab</c> environment: one VM per physical host, pairs across two hosts (see docs/lab.md). Configured by
/// <c>Netperf:Lab:Hosts</c> (inline), <c>Netperf:Lab:InventoryFile</c> (a JSON inventory: its <c>Netperf:Lab</c>
/// section, or the section's content at the top level) or <c>Netperf:Lab:SingleMachine=true</c> (this machine as both
/// hosts, network namespaces as VMs). Without any of these, the single-machine lab is detected when this process runs
/// as root on Linux with iproute2 and sshd, so <c>auto</c> may choose it.
/// </summary>
public sealed class LabEnvironment : INetperfEnvironment
{
    /// <inheritdoc />
    public string Name => Pairs.LabVmPairProvider.EnvironmentName;

    /// <inheritdoc />
    public bool SelectedByAuto => true;

    /// <inheritdoc />
    public EnvironmentAvailability CheckAvailability(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LabOptions.SectionName);
        if (section.GetSection("Hosts").Exists())
        {
            // A single value where the list belongs (Netperf__Lab__Hosts=...) is asked for too: its validation says what is wrong.
            return EnvironmentAvailability.Configured($"{LabOptions.SectionName}:Hosts lists the lab's hosts");
        }

        if (section["InventoryFile"] is { Length: > 0 } file)
        {
            return File.Exists(file)
                ? EnvironmentAvailability.Configured($"the inventory {Path.GetFullPath(file)}")
                : EnvironmentAvailability.Misconfigured(MissingInventory(file));
        }

        var single = SingleMachineProblem();
        // Read with the configuration binder: a value that is not true or false is a configuration error, not "no".
        if (section.GetValue<bool?>("SingleMachine") == true)
        {
            return single is null
                ? EnvironmentAvailability.Configured("the single-machine lab (Netperf:Lab:SingleMachine=true)")
                : EnvironmentAvailability.Misconfigured($"Netperf:Lab:SingleMachine=true, but the single-machine lab {single}.");
        }

        return single is null
            ? EnvironmentAvailability.Detected("the single-machine lab: root on Linux with iproute2 and sshd")
            : EnvironmentAvailability.Unavailable(
                $"no lab is configured (Netperf:Lab:Hosts, Netperf:Lab:InventoryFile), and the single-machine lab {single}.");
    }

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException"><c>Netperf:Lab:InventoryFile</c> names a file that does not exist.</exception>
    public void Register(NetperfBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LabOptions.SectionName);
        if (section.GetSection("Hosts").Exists())
        {
            builder.AddLabVmPairs(configuration);
        }
        else if (section["InventoryFile"] is { Length: > 0 } file)
        {
            builder.AddLabVmPairs(Inventory(file));
        }
        else
        {
            builder.AddSingleMachineLab();
        }

        builder.AddPeerBootstrapper();
    }

    private static string MissingInventory(string file) =>
        $"the lab inventory file '{Path.GetFullPath(file)}' ({LabOptions.SectionName}:InventoryFile) does not exist; write one (see docs/lab.md) or unset the setting.";

    private static IConfiguration Inventory(string file)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(MissingInventory(file), path);
        }

        var inventory = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        return inventory.GetSection(LabOptions.SectionName).Exists()
            ? inventory
            : new ConfigurationBuilder().AddInMemoryCollection(
                inventory.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(LabOptions.SectionName + ":" + kv.Key, kv.Value))).Build();
    }

    /// <summary>What keeps the single-machine lab from running here, or <see langword="null"/> when nothing does.</summary>
    private static string? SingleMachineProblem() =>
        !OperatingSystem.IsLinux() ? "needs Linux"
        : Environment.UserName != "root" ? "needs root (network namespaces)"
        : !OnPath("ip") ? "needs iproute2 ('ip' is not on PATH)"
        : !(OnPath("sshd") || File.Exists("/usr/sbin/sshd")) ? "needs openssh-server (sshd)"
        : null;

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
