using Xunit;

namespace Netperf.Testing.Integration;

/// <summary>
/// A fact that needs things from the machine. It is skipped, with the reason, when they are missing,
/// unless <c>NETPERF_REQUIRE_INTEGRATION=1</c>: then it runs and the test must call
/// <see cref="Prerequisites.Ensure"/> first, which fails with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class IntegrationFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="prerequisites">What the test needs.</param>
    public IntegrationFactAttribute(params Prerequisite[] prerequisites)
    {
        Needs = prerequisites;
        Skip = Prerequisites.SkipReason(prerequisites);
    }

    /// <summary>What the test needs.</summary>
    public IReadOnlyList<Prerequisite> Needs { get; }
}
