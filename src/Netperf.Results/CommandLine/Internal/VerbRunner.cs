using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Results.Hosting;

namespace Netperf.Results.CommandLine.Internal;

/// <summary>
/// Runs a verb's body with a <see cref="ResultHistory"/> built through <see cref="ResultsServiceCollectionExtensions.AddNetperfResults"/>
/// (options validated first, as a host does at start-up) and maps failures to <see cref="ResultsExitCodes"/> with a
/// one-line message on standard error.
/// </summary>
internal static class VerbRunner
{
    public static async Task<int> RunAsync(
        ParseResult parse,
        Option<string?> store,
        Action<ResultsOptions>? configure,
        Func<ResultHistory, TextWriter, TextWriter, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var services = new ServiceCollection();
        services.AddNetperfResults(o =>
        {
            o.Store = parse.GetValue(store) ?? Environment.GetEnvironmentVariable(ResultsCommand.StoreVariable) ?? o.Store;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            try
            {
                _ = provider.GetRequiredService<IOptions<ResultsOptions>>().Value;
            }
            catch (OptionsValidationException ex)
            {
                foreach (var failure in ex.Failures)
                {
                    await error.WriteLineAsync($"error: {failure}").ConfigureAwait(false);
                }

                return ResultsExitCodes.BadInput;
            }

            try
            {
                return await body(provider.GetRequiredService<ResultHistory>(), output, error).ConfigureAwait(false);
            }
            catch (ResultsException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ex.Kind == ResultsErrorKind.BadInput ? ResultsExitCodes.BadInput : ResultsExitCodes.EnvironmentError;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("cancelled; nothing was half-written.").ConfigureAwait(false);
                return ResultsExitCodes.Cancelled;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ResultsExitCodes.EnvironmentError;
            }
        }
    }
}
