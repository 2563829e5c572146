namespace Netperf.Core.Remoting;

/// <summary>
/// Replaces secrets with <c>***</c> in anything a shell or client logs, describes, returns or puts in an exception:
/// the one redactor every package uses (the shells apply it to <see cref="RemoteCommand.Secrets"/> on their own).
/// </summary>
public static class SecretRedactor
{
    /// <summary>What a secret is replaced with: <c>***</c>.</summary>
    public const string Mask = "***";

    /// <summary>Replaces every occurrence of each secret in <paramref name="text"/> with <see cref="Mask"/>.</summary>
    /// <param name="text">The text; <see langword="null"/> gives an empty string.</param>
    /// <param name="secrets">The secrets; empty ones are ignored, and a secret that contains another is masked whole.</param>
    /// <returns>The redacted text.</returns>
    public static string Redact(string? text, IEnumerable<string>? secrets)
    {
        if (string.IsNullOrEmpty(text) || secrets is null)
        {
            return text ?? string.Empty;
        }

        // Longest first, so a secret that contains another is masked whole.
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A command's display name (or the first line of its text), redacted and shortened to 160 characters, for logs.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The description.</returns>
    public static string Describe(RemoteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = command.DisplayName;
        if (string.IsNullOrWhiteSpace(name))
        {
            var text = command.Text.TrimStart();
            var end = text.IndexOfAny(['\r', '\n']);
            name = end < 0 ? text : text[..end] + " ...";
        }

        name = Redact(name, command.Secrets);
        return name.Length <= 160 ? name : name[..157] + "...";
    }
}
