using Microsoft.Extensions.Options;

namespace Netperf.Core.Runs.Internal;

/// <summary>Validates <see cref="RunPlanOptions"/> at start-up; each failure names the setting.</summary>
internal sealed class RunPlanOptionsValidator : IValidateOptions<RunPlanOptions>
{
    public ValidateOptionsResult Validate(string? name, RunPlanOptions options)
    {
        var errors = new List<string>();
        if (options.JobsPerPair is < 1 or > 64)
        {
            errors.Add($"{RunPlanOptions.SectionName}:JobsPerPair must be from 1 to 64 (it is {options.JobsPerPair}).");
        }

        if (options.ProvisioningAttempts is < 1 or > 20)
        {
            errors.Add($"{RunPlanOptions.SectionName}:ProvisioningAttempts must be from 1 to 20 (it is {options.ProvisioningAttempts}).");
        }

        if (options.Directory is { } directory && !Path.IsPathFullyQualified(directory))
        {
            errors.Add($"{RunPlanOptions.SectionName}:Directory '{directory}' must be an absolute path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
