namespace Netperf.Core.GitHub;

/// <summary>
/// A just-in-time runner configuration: the runner exists (offline) in GitHub and
/// <c>run.sh --jitconfig &lt;blob&gt;</c> starts it for exactly one job. The blob is a secret:
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed class JitRunnerConfig
{
    /// <summary>Creates the configuration.</summary>
    /// <param name="runner">The runner GitHub created.</param>
    /// <param name="encodedJitConfig">The encoded configuration (secret).</param>
    public JitRunnerConfig(RunnerInfo runner, string encodedJitConfig)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrWhiteSpace(encodedJitConfig);
        Runner = runner;
        EncodedJitConfig = encodedJitConfig;
    }

    /// <summary>The runner GitHub created for this configuration.</summary>
    public RunnerInfo Runner { get; }

    /// <summary>The encoded configuration passed to <c>run.sh --jitconfig</c> (secret).</summary>
    public string EncodedJitConfig { get; }

    /// <inheritdoc />
    public override string ToString() => $"JitRunnerConfig({Runner.Name}, id {Runner.Id}, config ***)";
}
