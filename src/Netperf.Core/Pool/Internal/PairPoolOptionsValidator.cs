using Microsoft.Extensions.Options;

namespace Netperf.Core.Pool.Internal;

/// <summary>Validates <see cref="PairPoolOptions"/>; every message names the <c>Netperf:Pool:*</c> setting and the fix.</summary>
internal sealed class PairPoolOptionsValidator : IValidateOptions<PairPoolOptions>
{
    public ValidateOptionsResult Validate(string? name, PairPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = PairPoolOptions.SectionName;
        var failures = new List<string>();
        void Positive(int value, string setting, int max = 10_000)
        {
            if (value < 1 || value > max)
            {
                failures.Add($"{S}:{setting} is {value}; set it to a whole number from 1 to {max}.");
            }
        }

        void PositiveTime(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{S}:{setting} is {value}; set it to a positive duration such as 00:05:00.");
            }
        }

        Positive(options.MaxPairs, nameof(options.MaxPairs));
        Positive(options.MaxPairsPerEnvironment, nameof(options.MaxPairsPerEnvironment));
        Positive(options.MaxParallelProvisioning, nameof(options.MaxParallelProvisioning), 256);
        if (options.MaxParallelProvisioningPerEnvironment is null)
        {
            failures.Add($"{S}:MaxParallelProvisioningPerEnvironment is null; leave it empty (no environment has a limit of its own) or name environments, such as {S}:MaxParallelProvisioningPerEnvironment:local = 4.");
        }
        else
        {
            foreach (var (environment, limit) in options.MaxParallelProvisioningPerEnvironment)
            {
                if (string.IsNullOrWhiteSpace(environment))
                {
                    failures.Add($"{S}:MaxParallelProvisioningPerEnvironment has an entry without an environment name; name the environment, such as {S}:MaxParallelProvisioningPerEnvironment:local = 4.");
                }
                else
                {
                    Positive(limit, $"{nameof(options.MaxParallelProvisioningPerEnvironment)}:{environment}", 256);
                }
            }
        }

        Positive(options.MaxLeasesPerPair, nameof(options.MaxLeasesPerPair), 64);
        Positive(options.MaxJobAttempts, nameof(options.MaxJobAttempts), 100);
        Positive(options.MaxConsecutiveProvisioningFailures, nameof(options.MaxConsecutiveProvisioningFailures), 1000);
        PositiveTime(options.LeaseTimeToLive, nameof(options.LeaseTimeToLive));
        PositiveTime(options.PairTimeToLive, nameof(options.PairTimeToLive));
        PositiveTime(options.DeleteTimeout, nameof(options.DeleteTimeout));
        if (options.MaxPairsPerEnvironment > options.MaxPairs && options.MaxPairs >= 1)
        {
            failures.Add($"{S}:MaxPairsPerEnvironment ({options.MaxPairsPerEnvironment}) is larger than {S}:MaxPairs ({options.MaxPairs}); lower it or raise MaxPairs.");
        }

        if (options.PairTimeToLive < options.LeaseTimeToLive && options.LeaseTimeToLive > TimeSpan.Zero)
        {
            failures.Add($"{S}:PairTimeToLive ({options.PairTimeToLive}) is shorter than {S}:LeaseTimeToLive ({options.LeaseTimeToLive}); the janitor could delete a pair under a live lease. Raise PairTimeToLive.");
        }

        if (string.IsNullOrWhiteSpace(options.Owner))
        {
            failures.Add($"{S}:Owner is empty; set it to who owns the pairs (a user, team or workflow), it becomes the netperf-owner tag.");
        }

        if (options.RunId is not null && string.IsNullOrWhiteSpace(options.RunId))
        {
            failures.Add($"{S}:RunId is blank; remove it (a run id is generated) or set it to the run id and attempt, such as run-1234-1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
