using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Netperf.Lab.Inventory.Internal;

/// <summary>Checks the inventory at start-up; every message names the setting and the fix.</summary>
internal sealed partial class LabOptionsValidator : IValidateOptions<LabOptions>
{
    public ValidateOptionsResult Validate(string? name, LabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.NamePrefix is null || !NamePrefix().IsMatch(options.NamePrefix))
        {
            errors.Add("Netperf:Lab:NamePrefix must be 1-5 lower-case letters or digits starting with a letter, such as 'npl'.");
        }

        if (options.FailureThreshold is < 1 or > 100)
        {
            errors.Add("Netperf:Lab:FailureThreshold must be between 1 and 100.");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero || options.HeartbeatInterval >= options.LeaseTimeToLive)
        {
            errors.Add($"Netperf:Lab:HeartbeatInterval ({options.HeartbeatInterval}) must be positive and shorter than Netperf:Lab:LeaseTimeToLive ({options.LeaseTimeToLive}).");
        }

        if (options.AddressTimeout <= TimeSpan.Zero || options.HostCommandTimeout <= TimeSpan.Zero)
        {
            errors.Add("Netperf:Lab:AddressTimeout and Netperf:Lab:HostCommandTimeout must be positive.");
        }

        if (options.Hosts.Count == 0)
        {
            errors.Add("Netperf:Lab:Hosts is empty: describe at least two hosts (see docs/lab.md), or use LabOptions.SingleMachine().");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var guestAddresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Hosts.Count; i++)
        {
            var host = options.Hosts[i];
            var at = $"Netperf:Lab:Hosts:{i}";
            if (host is null)
            {
                errors.Add($"{at} is empty.");
                continue;
            }

            if (!HostName().IsMatch(host.Name))
            {
                errors.Add($"{at}:Name '{host.Name}' must be 1-40 letters, digits, '-', '_' or '.'.");
            }
            else if (!names.Add(host.Name))
            {
                errors.Add($"{at}:Name '{host.Name}' is used by two hosts; host names must be unique.");
            }

            if (string.IsNullOrWhiteSpace(host.Address) || !SafeToken().IsMatch(host.Address))
            {
                errors.Add($"{at}:Address '{host.Address}' must be a DNS name or IP address.");
            }

            if (host.Access.Kind == LabHostAccessKind.Ssh)
            {
                if (!SafeToken().IsMatch(host.Access.User))
                {
                    errors.Add($"{at}:Access:User '{host.Access.User}' must be a user name.");
                }

                if (host.Access.Port is < 1 or > 65535)
                {
                    errors.Add($"{at}:Access:Port {host.Access.Port} must be between 1 and 65535.");
                }

                if (host.Access.StrictHostKeyChecking is not ("yes" or "accept-new"))
                {
                    errors.Add($"{at}:Access:StrictHostKeyChecking '{host.Access.StrictHostKeyChecking}' must be 'yes' (or 'accept-new' while onboarding the host): " +
                        "any other value lets whoever answers at the host's address run the lab's commands.");
                }
            }

            if (!LabHypervisors.All.Contains(host.Hypervisor, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{at}:Hypervisor '{host.Hypervisor}' is unknown; use one of {string.Join(", ", LabHypervisors.All)}.");
            }

            if (host.Images.Count == 0 || host.Images.Any(image => !SafeToken().IsMatch(image ?? string.Empty)))
            {
                errors.Add($"{at}:Images must list the image names the host can run (such as 'ubuntu-24.04').");
            }

            if (string.IsNullOrWhiteSpace(host.Link))
            {
                errors.Add($"{at}:Link is empty: name the switch or segment the lab NIC is on (hosts pair only on a shared link).");
            }

            if (host.NicSpeedGbps < 0 || host.LinkSpeedGbps < 0)
            {
                errors.Add($"{at}:NicSpeedGbps and LinkSpeedGbps must not be negative.");
            }

            if (host.MaxVms is < 1 or > 256)
            {
                errors.Add($"{at}:MaxVms must be from 1 to 256.");
            }

            ValidateDriver(host, at, errors, guestAddresses);
        }

        if (options.Netem is { } netem)
        {
            ValidateNetem(netem, "Netperf:Lab:Netem", errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void ValidateNetem(LabNetemOptions netem, string at, List<string> errors)
    {
        if (netem.Delay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromSeconds(10)))
        {
            errors.Add($"{at}:Delay must be between 0 and 10 seconds.");
        }

        if (netem.LossPercent is { } loss && (loss < 0 || loss > 100))
        {
            errors.Add($"{at}:LossPercent must be between 0 and 100.");
        }

        if (netem.RateMbps is { } rate && rate <= 0)
        {
            errors.Add($"{at}:RateMbps must be positive.");
        }
    }

    private static void ValidateDriver(LabHostOptions host, string at, List<string> errors, HashSet<string> guestAddresses)
    {
        switch (host.Hypervisor.ToLowerInvariant())
        {
            case LabHypervisors.Netns:
                if (host.Netns is not { } netns)
                {
                    errors.Add($"{at}:Netns is missing: a netns host needs Bridge and GuestAddress.");
                    return;
                }

                if (!InterfaceName().IsMatch(netns.Bridge))
                {
                    errors.Add($"{at}:Netns:Bridge '{netns.Bridge}' must be a Linux interface name (1-15 letters, digits, '-', '_').");
                }

                if (!IsCidr(netns.GuestAddress))
                {
                    errors.Add($"{at}:Netns:GuestAddress '{netns.GuestAddress}' must be an IPv4 address with a prefix, such as 10.213.0.11/24.");
                }
                else if (!guestAddresses.Add(netns.GuestAddress.Split('/')[0]))
                {
                    errors.Add($"{at}:Netns:GuestAddress '{netns.GuestAddress}' is given to two hosts; each host's VM needs its own address.");
                }

                if (netns.PerPairLinks && (!netns.CreateBridge || netns.Bridge.Length > 11 || !netns.GuestAddress.EndsWith("/24", StringComparison.Ordinal)))
                {
                    errors.Add($"{at}:Netns:PerPairLinks needs CreateBridge=true, a Bridge name of at most 11 characters and a /24 GuestAddress (the pair's number replaces its third octet).");
                }

                if (!SafePath().IsMatch(netns.StateDirectory) || !SafePath().IsMatch(netns.SshdPath))
                {
                    errors.Add($"{at}:Netns:StateDirectory and SshdPath must be absolute paths without spaces or quotes.");
                }

                if (host.Access.Kind == LabHostAccessKind.Ssh && host.Access.User != "root")
                {
                    errors.Add($"{at}:Access:User must be 'root' for a netns host (namespaces need root).");
                }

                break;
            case LabHypervisors.HyperV:
                if (host.HyperV is not { } hyperV)
                {
                    errors.Add($"{at}:HyperV is missing: a Hyper-V host needs BaseImages, VmPath and Switch.");
                    return;
                }

                foreach (var image in host.Images.Where(image => !hyperV.BaseImages.ContainsKey(image)))
                {
                    errors.Add($"{at}:HyperV:BaseImages has no VHDX for image '{image}'.");
                }

                break;
            case LabHypervisors.Libvirt:
                if (host.Libvirt is not { } libvirt)
                {
                    errors.Add($"{at}:Libvirt is missing: a libvirt host needs BaseImages, DiskPath and Bridge.");
                    return;
                }

                foreach (var image in host.Images.Where(image => !libvirt.BaseImages.ContainsKey(image)))
                {
                    errors.Add($"{at}:Libvirt:BaseImages has no qcow2 for image '{image}'.");
                }

                break;
            case LabHypervisors.Static:
                if (host.Static is not { } stat || string.IsNullOrWhiteSpace(stat.VmName))
                {
                    errors.Add($"{at}:Static:VmName is missing: name the pre-made VM on the host.");
                }
                else if (stat.Hypervisor is not (LabHypervisors.HyperV or LabHypervisors.Libvirt))
                {
                    errors.Add($"{at}:Static:Hypervisor '{stat.Hypervisor}' must be 'hyperv' or 'libvirt'.");
                }

                break;
        }
    }

    private static bool IsCidr(string value)
    {
        var parts = value.Split('/');
        return parts.Length == 2
            && IPAddress.TryParse(parts[0], out var address)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && int.TryParse(parts[1], out var prefix)
            && prefix is >= 8 and <= 30;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[a-z][a-z0-9]{0,4}$")]
    private static partial Regex NamePrefix();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,253}$")]
    private static partial Regex SafeToken();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,15}$")]
    private static partial Regex InterfaceName();

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex SafePath();
}
