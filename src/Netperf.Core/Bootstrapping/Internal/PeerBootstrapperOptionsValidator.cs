using Microsoft.Extensions.Options;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>Checks <c>Netperf:Bootstrap</c> at start-up; every message names the setting and the fix.</summary>
internal sealed class PeerBootstrapperOptionsValidator : IValidateOptions<PeerBootstrapperOptions>
{
    public ValidateOptionsResult Validate(string? name, PeerBootstrapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.StepTimeout < TimeSpan.FromSeconds(1) || options.StepTimeout > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail("Netperf:Bootstrap:StepTimeout must be between 00:00:01 and 01:00:00; set it to, for example, 00:02:00.")
            : ValidateOptionsResult.Success;
    }
}
