using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Netperf.Tool.Cli;

/// <summary>
/// Log lines for people at a terminal, without <c>-v</c>: <c>warn: message (the exception's message)</c> on one line,
/// no category and no stack trace (<c>-v</c> switches to the simple console format, with both).
/// </summary>
internal sealed class CliLogFormatter : ConsoleFormatter
{
    /// <summary>The formatter's name, for <c>ConsoleLoggerOptions.FormatterName</c>.</summary>
    public const string FormatterName = "netperf-cli";

    public CliLogFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        var reason = logEntry.Exception is { } ex ? $" ({CliFailures.Describe(ex)})" : string.Empty;
        textWriter.Write($"{level}: {message.ReplaceLineEndings(" ")}{reason}{Environment.NewLine}");
    }
}
