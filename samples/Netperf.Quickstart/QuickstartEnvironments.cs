using Microsoft.Extensions.Configuration;
using Netperf.Azure.Hosting;
using Netperf.Core.Hosting;
using Netperf.Lab.Hosting;

namespace Netperf.Quickstart;

/// <summary>Chooses and registers the environment a Quickstart run uses.</summary>
public static class QuickstartEnvironments
{
    /// <summary>
    /// <c>auto</c> becomes <c>lab</c> (the single-machine namespace lab) when running as root on Linux with
    /// <c>ip</c> and <c>sshd</c>, else <c>local</c>; anything else is returned as given.
    /// </summary>
    /// <param name="requested">The configured environment.</param>
    /// <returns>The environment to use.</returns>
    public static string Resolve(string requested) =>
        !string.Equals(requested, "auto", StringComparison.OrdinalIgnoreCase) ? requested.ToLowerInvariant()
        : NamespaceLabAvailable() ? "lab"
        : "local";

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
                builder.AddLabVmPairs(configuration);
                break;
            case "lab":
                builder.AddSingleMachineLab();
                break;
            case "azure":
                builder.AddAzureVmPairs();
                break;
            case "local":
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
