using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Netperf.Results.Storage;
using Netperf.Results.Storage.Internal;

namespace Netperf.Results.Hosting.Internal;

/// <summary>Validates <see cref="ResultsOptions"/>; every message names the <c>Netperf:Results:*</c> setting and the fix.</summary>
internal sealed class ResultsOptionsValidator : IValidateOptions<ResultsOptions>
{
    public ValidateOptionsResult Validate(string? name, ResultsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = ResultsOptions.SectionName;
        var failures = new List<string>();
        if (options.Store is { } store && !string.IsNullOrWhiteSpace(store))
        {
            if (ResultStore.EngineOf(store) == ResultStoreEngine.PostgreSql)
            {
                try
                {
                    var builder = PostgresLocation.Parse(store);
                    if (string.IsNullOrWhiteSpace(builder.Host))
                    {
                        failures.Add($"{S}:Store names PostgreSQL without a host; give Host=NAME (or postgresql://HOST/DB).");
                    }
                }
                catch (ResultsException ex)
                {
                    failures.Add($"{S}:Store: {ex.Message}");
                }
            }
            else if (Directory.Exists(store))
            {
                failures.Add($"{S}:Store is the folder {store}; give a SQLite file path such as {Path.Combine(store, "history.db")}.");
            }
            else if (store.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                failures.Add($"{S}:Store is not a valid file path; give a SQLite file path or a PostgreSQL connection string (Host=...).");
            }
        }
        else if (options.Store is not null && options.Store.Length > 0)
        {
            failures.Add($"{S}:Store is blank; remove it for {ResultStore.DefaultLocation} or give a path or connection string.");
        }

        if (options.Detection is null)
        {
            failures.Add($"{S}:Detection is missing; remove the setting to use the defaults.");
        }
        else
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(options.Detection, new ValidationContext(options.Detection), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{S}:Detection:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            }
        }

        if (options.IgnoredOptions?.Any(string.IsNullOrWhiteSpace) == true)
        {
            failures.Add($"{S}:IgnoredOptions has a blank entry; list option names without dashes, such as results-file.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
