using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

public sealed class LocalProcessShellTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_Command_StreamsLinesAndReturnsExitCode()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var shell = new LocalProcessShell();
        var outLines = new List<string>();
        var errLines = new List<string>();

        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = "echo a; echo b >&2; echo c; exit 7",
            OnOutputLine = outLines.Add,
            OnErrorLine = errLines.Add,
        });

        Assert.Equal(7, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.Equal("a\nc\n", result.StandardOutput);
        Assert.Equal("b\n", result.StandardError);
        Assert.Equal(["a", "c"], outLines);
        Assert.Equal(["b"], errLines);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_StandardInput_IsWrittenThenClosed()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var shell = new LocalProcessShell();

        var result = await shell.RunAsync(new RemoteCommand { Text = "wc -l", StandardInput = "1\n2\n3\n" });

        Assert.True(result.Succeeded);
        Assert.Equal("3", result.StandardOutput.Trim());
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_Timeout_KillsWholeProcessTree()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var shell = new LocalProcessShell();
        var token = ProcessProbe.Token();

        // The sleep is a grandchild (a subshell in the background): only a tree kill reaches it.
        var result = await shell.RunAsync(new RemoteCommand { Text = $"(sleep {token}) & wait", Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(await ProcessProbe.IsGoneWithinAsync($"sleep {token}", TimeSpan.FromSeconds(5)));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_Cancelled_KillsProcessAndThrows()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var shell = new LocalProcessShell();
        var token = ProcessProbe.Token();
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();

        var run = shell.RunAsync(new RemoteCommand { Text = $"echo up; sleep {token}", OnOutputLine = _ => started.TrySetResult() }, cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(await ProcessProbe.IsGoneWithinAsync($"sleep {token}", TimeSpan.FromSeconds(5)));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_Secrets_AreRedactedInOutputAndCallbacks()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var shell = new LocalProcessShell();
        const string Secret = "s3cr3t-value-42";
        var lines = new List<string>();

        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = $"echo token={Secret}; echo token={Secret} >&2",
            Secrets = [Secret],
            OnOutputLine = lines.Add,
        });

        Assert.Equal("token=***\n", result.StandardOutput);
        Assert.Equal("token=***\n", result.StandardError);
        Assert.Equal(["token=***"], lines);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task RunAsync_CallbackThrows_OutputStillCollected()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var shell = new LocalProcessShell();

        var result = await shell.RunAsync(new RemoteCommand { Text = "echo x; echo y", OnOutputLine = _ => throw new InvalidOperationException("boom") });

        Assert.True(result.Succeeded);
        Assert.Equal("x\ny\n", result.StandardOutput);
    }

    [Fact]
    public async Task CopyToAndFrom_File_CopiesBytes()
    {
        await using var shell = new LocalProcessShell();
        var folder = Directory.CreateTempSubdirectory("npr-copy-").FullName;
        try
        {
            var source = Path.Combine(folder, "a.bin");
            await File.WriteAllBytesAsync(source, [1, 2, 3, 250]);

            await shell.CopyToAsync(source, Path.Combine(folder, "b.bin"));
            await shell.CopyFromAsync(Path.Combine(folder, "b.bin"), Path.Combine(folder, "c.bin"));

            Assert.Equal(new byte[] { 1, 2, 3, 250 }, await File.ReadAllBytesAsync(Path.Combine(folder, "c.bin")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_NonPositiveTimeout_Throws()
    {
        await using var shell = new LocalProcessShell();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => shell.RunAsync(new RemoteCommand { Text = "true", Timeout = TimeSpan.Zero }));
    }
}
