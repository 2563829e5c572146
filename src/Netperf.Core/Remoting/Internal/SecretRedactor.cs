namespace Netperf.Core.Remoting.Internal;

/// <summary>Replaces secrets with <c>***</c> in anything a shell logs, describes or returns.</summary>
internal static class SecretRedactor
{
    internal const string Mask = "***";

    public static string Redact(string? text, IReadOnlyList<string>? secrets)
    {
        if (string.IsNullOrEmpty(text) || secrets is null || secrets.Count == 0)
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

    /// <summary>The command's display name (or the first line of its text), redacted and shortened.</summary>
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
