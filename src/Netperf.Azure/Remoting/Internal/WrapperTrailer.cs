namespace Netperf.Azure.Remoting.Internal;

/// <summary>The wrapper's trailer: the script's exit code, the sizes of its output and error, the spool folder, and the output printed inline.</summary>
internal sealed record WrapperTrailer(int ExitCode, long OutputBytes, long ErrorBytes, string Spool, string InlineOutput)
{
    public bool OutputSpooled => OutputBytes > RunCommandScript.InlineLimit;

    public bool ErrorSpooled => ErrorBytes > RunCommandScript.InlineLimit;
}
