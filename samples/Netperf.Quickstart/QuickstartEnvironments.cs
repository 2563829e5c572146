using Microsoft.Extensions.Configuration;
using Netperf.Azure.Hosting;
using Netperf.Core.Hosting;
using Netperf.Core.Local;
using Netperf.Lab.Hosting;

namespace Netperf.Quickstart;

/// <summary>Chooses and registers the environment a Quickstart run uses.</summary>
public static class QuickstartEnvironments
{
    /// <summary>
    /// The environments to try, preferred first: <c>auto</c> is the single-machine namespace lab then <c>local</c>
    /// when running as root on Linux with <c>ip</c> and <c>sshd</c> (a lab pair that cannot be made ready falls
    /// back to local, saying why), else <c>local</c>; anything else is used alone.
    /// </summary>
    /// <param name="requested">The configured environment.</param>
    /// <returns>The environments to try.</returns>
    public static IReadOnlyList<string> Resolve(string requested) =>
        !string.Equals(requested, "auto", StringComparison.OrdinalIgnoreCase) ? [requested.ToLowerInvariant()]
        : NamespaceLabAvailable() ? ["lab", "local"]
        : ["local"];

    /// <summary>Registers the provider (and bootstrapper) of <paramref name="environment"/>.</summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="environment">local, lab or azure.</param>
    /// <param name="configuration">The configuration (<c>Netperf:Lab</c>, <c>Netperf:Azure</c>).</param>
    public static void Register(NetperfBuilder builder, string environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (environment)
        {
            case "lab" when configuration.GetSection("Netperf:Lab:Hosts").GetChildren().Any():
                builder.AddLabVmPairs(configuration).AddPeerBootstrapper();
                break;
            case "lab":
                builder.AddSingleMachineLab().AddPeerBootstrapper();
                break;
            case "azure":
                builder.AddAzureVmPairs().AddPeerBootstrapper();
                break;
            case "local":
                builder.AddLocalVmPairs();
                break;
            default:
                throw new InvalidOperationException($"Unknown environment '{environment}'; use auto, local, lab or azure.");
        }
    }

    private static bool NamespaceLabAvailable() =>
        OperatingSystem.IsLinux()
        && Environment.UserName == "root"
        && OnPath("ip") && (OnPath("sshd") || File.Exists("/usr/sbin/sshd"));

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
