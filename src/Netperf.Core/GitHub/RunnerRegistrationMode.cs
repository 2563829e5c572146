namespace Netperf.Core.GitHub;

/// <summary>How a runner is registered on a machine.</summary>
public enum RunnerRegistrationMode
{
    /// <summary>
    /// Just-in-time configuration (preferred): the registry creates the runner and a single-use configuration,
    /// and <c>run.sh --jitconfig</c> starts it for exactly one job. Linux only; Windows falls back to <see cref="RegistrationToken"/>.
    /// </summary>
    JustInTime,

    /// <summary>A one-hour registration token and <c>config.sh --unattended --ephemeral</c> (Windows: <c>config.cmd --runasservice</c>).</summary>
    RegistrationToken,
}
