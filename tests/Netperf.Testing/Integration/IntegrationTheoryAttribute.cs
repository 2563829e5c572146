using Xunit;

namespace Netperf.Testing.Integration;

/// <summary>
/// A theory that needs things from the machine; skipped like <see cref="IntegrationFactAttribute"/> (with the reason,
/// unless <c>NETPERF_REQUIRE_INTEGRATION=1</c>, when it runs and must call <see cref="Prerequisites.Ensure"/> first).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class IntegrationTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="prerequisites">What the test needs.</param>
    public IntegrationTheoryAttribute(params Prerequisite[] prerequisites)
    {
        Needs = prerequisites;
        var missing = Prerequisites.Missing(prerequisites);
        if (missing is not null && !Prerequisites.Required)
        {
            Skip = $"Integration test skipped ({missing}); CI sets {Prerequisites.RequireVariable}=1 and installs them.";
        }
    }

    /// <summary>What the test needs.</summary>
    public IReadOnlyList<Prerequisite> Needs { get; }
}
