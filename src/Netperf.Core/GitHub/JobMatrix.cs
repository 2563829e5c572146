using System.Text.Json;
using Netperf.Core.GitHub.Internal;

namespace Netperf.Core.GitHub;

/// <summary>Reads and expands job matrices.</summary>
public static class JobMatrix
{
    /// <summary>
    /// Reads a matrix from JSON: <c>{"os":[..],"env":[..],"arch":[..],"io":[..],"tls":[..],"optional":false,
    /// "exclude":[{"os":..,"io":..}],"include":[{"os":..,"env":..,"arch":..,"io":..,"tls":..,"optional":true}]}</c>.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="JobMatrixException">The JSON is malformed or has unknown or mistyped properties.</exception>
    public static JobMatrixDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return MatrixJsonReader.ReadDefinition(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new JobMatrixException($"The matrix is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a matrix from a JSON file (see <see cref="Parse(string)"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The definition.</returns>
    public static async Task<JobMatrixDefinition> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse(text);
        }
        catch (JobMatrixException ex)
        {
            throw new JobMatrixException($"{path}: {ex.Message}", ex) { Violations = ex.Violations };
        }
    }

    /// <summary>
    /// Expands a definition: the product of the dimensions minus exclusions, where combinations that
    /// cannot exist are dropped (and reported in <see cref="JobMatrixExpansion.Dropped"/>), plus the
    /// includes, which must obey the rules. Duplicates are kept once.
    /// </summary>
    /// <param name="definition">The matrix.</param>
    /// <param name="rules">The rules; <see cref="JobMatrixRules.Default"/> when <see langword="null"/>.</param>
    /// <returns>The jobs.</returns>
    /// <exception cref="JobMatrixException">An include breaks the rules, or no job is left.</exception>
    public static JobMatrixExpansion Expand(JobMatrixDefinition definition, JobMatrixRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        rules ??= JobMatrixRules.Default;
        var jobs = new List<MatrixEntry>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dropped = new List<MatrixRuleViolation>();
        var architectures = definition.Architecture.Count == 0 ? ["x64"] : definition.Architecture;

        foreach (var os in definition.Os)
        {
            foreach (var env in definition.Environment)
            {
                foreach (var arch in architectures)
                {
                    foreach (var io in definition.Io)
                    {
                        foreach (var tls in definition.Tls)
                        {
                            var job = new MatrixEntry { Os = os, Environment = env, Architecture = arch, Io = io, Tls = tls, Optional = definition.Optional };
                            if (definition.Exclude.Any(f => f.Matches(job)))
                            {
                                continue;
                            }

                            var violations = rules.Validate(job);
                            if (violations.Count > 0)
                            {
                                dropped.AddRange(violations);
                            }
                            else if (seen.Add(job.Id))
                            {
                                jobs.Add(job);
                            }
                        }
                    }
                }
            }
        }

        var broken = definition.Include.SelectMany(rules.Validate).ToList();
        if (broken.Count > 0)
        {
            throw new JobMatrixException(
                "The matrix includes jobs that cannot exist:" + string.Concat(broken.Select(v => $"{System.Environment.NewLine}  - {v}"))
                + $"{System.Environment.NewLine}Fix or remove these entries of 'include'.")
            { Violations = broken };
        }

        foreach (var job in definition.Include)
        {
            if (seen.Add(job.Id))
            {
                jobs.Add(job);
            }
            else
            {
                // An include may re-declare a product job to make it optional.
                var index = jobs.FindIndex(j => string.Equals(j.Id, job.Id, StringComparison.OrdinalIgnoreCase));
                jobs[index] = job;
            }
        }

        if (jobs.Count == 0)
        {
            var why = dropped.Count > 0
                ? " Every combination was dropped:" + string.Concat(dropped.Select(v => $"{System.Environment.NewLine}  - {v}"))
                : " Give at least one value for each of os, env, io and tls, or an 'include' entry.";
            throw new JobMatrixException("The matrix expands to no job." + why) { Violations = dropped };
        }

        return new JobMatrixExpansion { Jobs = jobs, Dropped = dropped };
    }
}
