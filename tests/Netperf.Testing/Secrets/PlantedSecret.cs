namespace Netperf.Testing.Secrets;

/// <summary>
/// A unique secret a test plants in a flow, and checks of the places it must never show up: texts (logs,
/// output, exception messages) and files (results). <see cref="CommandLineWatch"/> checks command lines.
/// </summary>
public sealed class PlantedSecret
{
    /// <summary>A new secret, unique to this test run.</summary>
    public PlantedSecret()
        : this($"npsecret-{Guid.NewGuid():N}")
    {
    }

    private PlantedSecret(string value)
    {
        Value = value;
    }

    /// <summary>The secret's text.</summary>
    public string Value { get; }

    /// <summary>A secret the flow itself made (a fake's JIT configuration), checked like a planted one.</summary>
    /// <param name="value">The secret.</param>
    /// <returns>The secret to check.</returns>
    public static PlantedSecret Known(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return new PlantedSecret(value);
    }

    /// <inheritdoc />
    public override string ToString() => "PlantedSecret(***)";

    /// <summary>Fails when <paramref name="text"/> holds the secret, naming <paramref name="where"/>.</summary>
    /// <param name="where">What the text is, for the message.</param>
    /// <param name="text">The text.</param>
    public void AssertNotIn(string where, string? text)
    {
        if (text is not null && text.Contains(Value, StringComparison.Ordinal))
        {
            var at = text.IndexOf(Value, StringComparison.Ordinal);
            var context = text.Substring(Math.Max(0, at - 120), Math.Min(text.Length, at + Value.Length + 120) - Math.Max(0, at - 120));
            throw new Xunit.Sdk.XunitException($"The planted secret appears in {where}: ...{context.Replace(Value, "<SECRET>", StringComparison.Ordinal)}...");
        }
    }

    /// <summary>Fails when the file holds the secret.</summary>
    /// <param name="path">The file.</param>
    public void AssertNotInFile(string path) => AssertNotIn($"the file {path}", File.ReadAllText(path));

    /// <summary>Fails when an exception (its messages, inner exceptions and stack) holds the secret.</summary>
    /// <param name="exception">The exception, if any.</param>
    public void AssertNotIn(Exception? exception) => AssertNotIn("an exception", exception?.ToString());
}
