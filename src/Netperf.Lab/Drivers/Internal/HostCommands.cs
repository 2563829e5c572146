using System.Text;
using System.Text.Json;
using Netperf.Core.Remoting;

namespace Netperf.Lab.Drivers.Internal;

/// <summary>
/// Checked execution of commands sent to hosts, and the tag encoding the drivers store on VMs. Quoting is
/// <see cref="ShellQuoting"/>.
/// </summary>
internal static class HostCommands
{
    /// <summary>Tags as base64 of compact JSON: safe to pass through any shell and to store in a notes field.</summary>
    public static string EncodeTags(IReadOnlyDictionary<string, string> tags) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(tags)));

    /// <summary>Reads tags written by <see cref="EncodeTags"/>; empty when the text is not ours.</summary>
    public static IReadOnlyDictionary<string, string> DecodeTags(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) is { } tags
                ? new Dictionary<string, string>(tags, StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>Runs a host command and throws with the host's answer when it fails.</summary>
    public static async Task<RemoteCommandResult> RunCheckedAsync(
        IRemoteShell shell, string step, string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(
            new RemoteCommand { Text = text, Timeout = timeout, DisplayName = step }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var detail = (result.StandardError.Trim() is { Length: > 0 } error ? error : result.StandardOutput.Trim());
            if (detail.Length > 800)
            {
                detail = detail[..800] + "...";
            }

            throw new InvalidOperationException(
                result.TimedOut
                    ? $"{step} on {shell.Description} timed out after {timeout}. Check the host, or raise Netperf:Lab:HostCommandTimeout."
                    : $"{step} on {shell.Description} failed (exit {result.ExitCode}): {detail}");
        }

        return result;
    }
}
