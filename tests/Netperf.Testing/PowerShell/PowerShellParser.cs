using System.Diagnostics;
using System.Text.Json;
using Netperf.Testing.Integration;

namespace Netperf.Testing.PowerShell;

/// <summary>
/// Parses PowerShell scripts with the real parser (<c>[System.Management.Automation.Language.Parser]::ParseInput</c>)
/// in one pwsh process, so a test can demand that every script the library generates is valid PowerShell.
/// </summary>
public static class PowerShellParser
{
    private const string Parse = """
        $ErrorActionPreference = 'Stop'
        $all = Get-Content -Raw -LiteralPath $args[0] | ConvertFrom-Json -AsHashtable
        foreach ($name in $all.Keys) {
          $tokens = $null; $errors = $null
          [void][System.Management.Automation.Language.Parser]::ParseInput($all[$name], [ref]$tokens, [ref]$errors)
          foreach ($e in $errors) { 'error=' + $name + "`t" + $e.Extent.StartLineNumber + ':' + $e.Extent.StartColumnNumber + ' ' + $e.ErrorId + ' ' + $e.Message + ' near: ' + $e.Extent.Text }
        }
        'parsed=' + $all.Count
        """;

    /// <summary>Parses every script; returns each script's parse errors (empty when it parses), by name.</summary>
    /// <param name="scripts">The scripts, by a name that says which generator and input made each.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    /// <returns>The errors of each script, as <c>line:column id message near: text</c>.</returns>
    /// <exception cref="InvalidOperationException">pwsh is missing, or did not parse them all.</exception>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ParseAsync(IReadOnlyDictionary<string, string> scripts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        Prerequisites.Ensure(Prerequisite.Pwsh);
        var folder = PrivateTestFolder.Create("npr-parse-");
        try
        {
            var input = Path.Combine(folder, "scripts.json");
            var parser = Path.Combine(folder, "parse.ps1");
            await File.WriteAllTextAsync(input, JsonSerializer.Serialize(scripts), cancellationToken);
            await File.WriteAllTextAsync(parser, Parse, cancellationToken);
            var start = new ProcessStartInfo(Prerequisites.FindPwsh()!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-File", parser, input })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var lines = (await output).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (process.ExitCode != 0 || !lines.Contains("parsed=" + scripts.Count))
            {
                throw new InvalidOperationException($"pwsh did not parse the {scripts.Count} scripts (exit {process.ExitCode}): {await error}");
            }

            var result = scripts.Keys.ToDictionary(k => k, _ => (IReadOnlyList<string>)new List<string>(), StringComparer.Ordinal);
            foreach (var line in lines.Where(l => l.StartsWith("error=", StringComparison.Ordinal)))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                ((List<string>)result[line[6..tab]]).Add(line[(tab + 1)..]);
            }

            return result;
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }

    /// <summary>Parses every script and fails with each error, by script name, when any does not parse.</summary>
    /// <param name="scripts">The scripts, by name.</param>
    /// <returns>A task that completes when all parse.</returns>
    /// <exception cref="InvalidOperationException">A script has parse errors (the message lists them) or pwsh did not run.</exception>
    public static async Task AssertAllParseAsync(IReadOnlyDictionary<string, string> scripts)
    {
        var errors = (await ParseAsync(scripts)).Where(e => e.Value.Count > 0).Select(e => $"{e.Key}:\n  " + string.Join("\n  ", e.Value)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{errors.Count} of {scripts.Count} generated PowerShell scripts do not parse:\n" + string.Join("\n", errors));
        }
    }
}
