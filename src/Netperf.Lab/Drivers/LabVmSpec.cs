namespace Netperf.Lab.Drivers;

/// <summary>A VM to create on a host.</summary>
public sealed record LabVmSpec
{
    /// <summary>The VM's name (also the name of its disk, namespace or domain); at most 12 characters of <c>[a-z0-9]</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The image to start from (a key of the host's base images).</summary>
    public required string Image { get; init; }

    /// <summary>The tags persisted with the VM (ownership tags included), readable by <see cref="IHypervisorDriver.ListVmsAsync"/> from any process.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
}
