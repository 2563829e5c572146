using Netperf.Core.Remoting;

namespace Netperf.Core.Tests.Remoting;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_TextWithSecrets_MasksEveryOccurrence()
    {
        var text = SecretRedactor.Redact("a=hunter2 b=hunter2 c=tok", ["hunter2", "tok"]);

        Assert.Equal("a=*** b=*** c=***", text);
    }

    [Fact]
    public void Redact_OverlappingSecrets_MasksLongestWhole()
    {
        var text = SecretRedactor.Redact("key=abcdef", ["abc", "abcdef"]);

        Assert.Equal("key=***", text);
    }

    [Fact]
    public void Redact_EmptySecret_IsIgnored()
    {
        Assert.Equal("plain", SecretRedactor.Redact("plain", [string.Empty]));
    }

    [Fact]
    public void Describe_NoDisplayName_UsesRedactedFirstLine()
    {
        var command = new RemoteCommand { Text = "  login --password pa55\nsecond line", Secrets = ["pa55"] };

        Assert.Equal("login --password *** ...", SecretRedactor.Describe(command));
    }

    [Fact]
    public void Describe_DisplayNameWithSecret_IsRedacted()
    {
        var command = new RemoteCommand { Text = "x", DisplayName = "use pa55", Secrets = ["pa55"] };

        Assert.Equal("use ***", SecretRedactor.Describe(command));
    }
}
