using System.Reflection;
using Microsoft.Extensions.Options;

namespace Netperf.Tool.Cli;

/// <summary>
/// Turns an exception that ended a command into its exit code and one clear line for stderr: bad settings and bad
/// input are usage errors (2); anything else is the environment failing (1). Never a stack trace; <c>-v</c> adds it.
/// </summary>
internal static class CliFailures
{
    /// <summary>The exit code and the lines to print for <paramref name="exception"/>.</summary>
    public static (int ExitCode, IReadOnlyList<string> Lines) Classify(Exception exception)
    {
        var validation = ValidationFailures(exception).ToList();
        if (validation.Count > 0)
        {
            return (ExitCodes.Usage, validation.Select(f => "configuration error: " + f).ToList());
        }

        if (Find<UsageException>(exception) is { } usage)
        {
            return (ExitCodes.Usage, ["error: " + usage.Message]);
        }

        if (Find<InvalidDataException>(exception) is { } file && IsSettingsFile(file))
        {
            // The parser's own message is the innermost ("Could not parse the JSON file." wraps where and what).
            var why = file.InnerException is { } inner ? $": {string.Join(": ", Chain(inner).Select(e => e.Message.Trim().TrimEnd('.')))}." : ".";
            return (ExitCodes.Usage, [$"configuration error: {file.Message.TrimEnd('.')}{why}"]);
        }

        if (Find<InvalidOperationException>(exception) is { } binding && IsSettingConversion(binding))
        {
            return (ExitCodes.Usage, ["configuration error: " + binding.Message]);
        }

        return (ExitCodes.Failed, ["error: " + Describe(exception)]);
    }

    /// <summary>The message that says what went wrong: the innermost one of wrappers that add nothing.</summary>
    public static string Describe(Exception exception)
    {
        var inner = Unwrap(exception);
        return inner is OperationCanceledException ? "cancelled" : inner.Message;
    }

    /// <summary>
    /// A setting that does not convert to its type (<c>Netperf__Pool__MaxPairs=many</c>): the configuration binder
    /// throws an <see cref="InvalidOperationException"/> ("Failed to convert configuration value 'many' at
    /// 'Netperf:Pool:MaxPairs' to type 'System.Int32'") around the converter's own exception; it has no type of its own.
    /// </summary>
    private static bool IsSettingConversion(InvalidOperationException exception) =>
        exception.InnerException is ArgumentException or FormatException or OverflowException
        && exception.Message.Contains("configuration value", StringComparison.Ordinal);

    /// <summary>
    /// A settings file that is not JSON, or not an object (appsettings.json, a lab inventory): the JSON configuration
    /// provider throws an <see cref="InvalidDataException"/> ("Failed to load configuration from file '...'") around the
    /// parser's own exception, which says what is wrong and where.
    /// </summary>
    private static bool IsSettingsFile(InvalidDataException exception) =>
        exception.Message.StartsWith("Failed to load configuration from file", StringComparison.Ordinal);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static IEnumerable<string> ValidationFailures(Exception exception) => exception switch
    {
        OptionsValidationException o => o.Failures,
        AggregateException a => a.InnerExceptions.SelectMany(ValidationFailures),
        TargetInvocationException { InnerException: { } inner } => ValidationFailures(inner),
        _ => [],
    };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }

            if (current is AggregateException { InnerExceptions: var all } && all.Count > 1)
            {
                return all.Select(Find<T>).FirstOrDefault(f => f is not null);
            }
        }

        return null;
    }

    private static Exception Unwrap(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };
}
