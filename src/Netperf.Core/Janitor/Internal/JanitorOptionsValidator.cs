using Microsoft.Extensions.Options;

namespace Netperf.Core.Janitor.Internal;

/// <summary>Validates <see cref="JanitorOptions"/>; every message names the <c>Netperf:Janitor:*</c> setting and the fix.</summary>
internal sealed class JanitorOptionsValidator : IValidateOptions<JanitorOptions>
{
    public ValidateOptionsResult Validate(string? name, JanitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = JanitorOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxParallelDeletes is < 1 or > 64)
        {
            failures.Add($"{S}:MaxParallelDeletes is {options.MaxParallelDeletes}; set it to a whole number from 1 to 64.");
        }

        if (options.DeleteTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:DeleteTimeout is {options.DeleteTimeout}; set it to a positive duration such as 00:10:00.");
        }

        if (options.Owner is not null && string.IsNullOrWhiteSpace(options.Owner))
        {
            failures.Add($"{S}:Owner is blank; remove it to sweep every owner, or set the netperf-owner to sweep.");
        }

        if (options.Environments.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{S}:Environments has a blank entry; list environment names such as local, lab, azure.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
