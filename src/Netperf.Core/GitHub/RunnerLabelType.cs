namespace Netperf.Core.GitHub;

/// <summary>Who manages a runner label.</summary>
public enum RunnerLabelType
{
    /// <summary>A label the caller added; the label endpoints can add and remove it.</summary>
    Custom,

    /// <summary>A default label GitHub assigns (<c>self-hosted</c>, the OS, the architecture); it cannot be removed.</summary>
    ReadOnly,
}
