namespace Netperf.Perf.Processes;

/// <summary>One process's part of a run: instances <c>FirstInstance .. FirstInstance + InstanceCount - 1</c>.</summary>
/// <param name="ProcessIndex">The process's index (0-based).</param>
/// <param name="FirstInstance">The parallel index of its first instance.</param>
/// <param name="InstanceCount">How many instances it runs.</param>
public sealed record ProcessShare(int ProcessIndex, int FirstInstance, int InstanceCount);
