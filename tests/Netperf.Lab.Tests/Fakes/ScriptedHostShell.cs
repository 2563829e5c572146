using System.Text;
using Netperf.Core.Remoting;

namespace Netperf.Lab.Tests.Fakes;

/// <summary>
/// A host shell that plays a script: each expected command (exact text, after decoding PowerShell's
/// <c>-EncodedCommand</c>) with the answer the hypervisor would give. Any other command fails the test.
/// </summary>
internal sealed class ScriptedHostShell : IRemoteShell
{
    private readonly Queue<(string Text, RemoteCommandResult Answer)> _script = new();
    private readonly List<string> _unexpected = [];

    public string Description => "scripted host";

    public List<string> Received { get; } = [];

    /// <summary>The commands as sent (text not decoded, standard input, secrets).</summary>
    public List<RemoteCommand> Commands { get; } = [];

    public ScriptedHostShell Expect(string text, string output = "", int exitCode = 0, string error = "")
    {
        _script.Enqueue((Normalize(text), new RemoteCommandResult { ExitCode = exitCode, StandardOutput = output, StandardError = error, Duration = TimeSpan.Zero }));
        return this;
    }

    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        var text = Normalize(Decode(command.Text));
        Received.Add(text);
        Commands.Add(command);
        if (_script.Count > 0 && _script.Peek().Text == text)
        {
            return Task.FromResult(_script.Dequeue().Answer);
        }

        _unexpected.Add(text);
        return Task.FromResult(new RemoteCommandResult { ExitCode = 127, StandardOutput = string.Empty, StandardError = "unexpected command", Duration = TimeSpan.Zero });
    }

    /// <summary>Fails unless every expected command came, in order, and nothing else.</summary>
    public void Verify()
    {
        Assert.True(_unexpected.Count == 0, "Unexpected commands:\n" + string.Join("\n---\n", _unexpected) +
            (_script.Count > 0 ? "\n=== expected next:\n" + _script.Peek().Text : string.Empty));
        Assert.True(_script.Count == 0, "Commands never sent:\n" + string.Join("\n---\n", _script.Select(s => s.Text)));
    }

    /// <summary>The script inside <c>powershell.exe -EncodedCommand</c>, or the text itself.</summary>
    public static string Decode(string text)
    {
        const string marker = "-EncodedCommand ";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? text : Encoding.Unicode.GetString(Convert.FromBase64String(text[(at + marker.Length)..].Trim()));
    }

    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
