namespace Netperf.Core.GitHub;

/// <summary>A runner installed and started on a machine.</summary>
public sealed record RunnerRegistration
{
    /// <summary>The runner's GitHub id (0 when GitHub did not list it yet).</summary>
    public required long RunnerId { get; init; }

    /// <summary>The runner's name.</summary>
    public required string Name { get; init; }

    /// <summary>The custom labels jobs target.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>How it was registered.</summary>
    public required RunnerRegistrationMode Mode { get; init; }

    /// <summary>The runner's folder on the machine.</summary>
    public required string InstallDirectory { get; init; }

    /// <summary>The machine it runs on.</summary>
    public required string MachineName { get; init; }
}
