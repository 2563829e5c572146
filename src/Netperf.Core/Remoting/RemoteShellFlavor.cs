namespace Netperf.Core.Remoting;

/// <summary>Which shell interprets <see cref="RemoteCommand.Text"/> on the far side of an SSH session.</summary>
public enum RemoteShellFlavor
{
    /// <summary>The account's login shell (POSIX <c>sh</c> and friends): Linux and macOS machines.</summary>
    Posix,

    /// <summary>
    /// PowerShell 7: the script is sent as <c>pwsh -NoProfile -NonInteractive -EncodedCommand ...</c>, which needs
    /// no quoting and works whatever the account's default shell is (cmd on Windows OpenSSH). Windows machines,
    /// and Linux machines where <c>pwsh</c> is installed.
    /// </summary>
    PowerShell,

    /// <summary>
    /// The account's default shell, whatever it is, runs the text exactly as given: for commands that name their own
    /// interpreter (such as <c>powershell.exe -EncodedCommand ...</c>) on hosts whose default shell is not known
    /// (Windows OpenSSH: cmd or PowerShell). Nothing is added, so nothing reports the far side's process: a timeout or
    /// cancellation ends the local client, and the far side sees its connection close.
    /// </summary>
    Native,
}
