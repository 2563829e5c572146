namespace Netperf.Tool.Cli;

/// <summary>Bad input found while a command runs (an unknown environment, say): one line on stderr, exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
