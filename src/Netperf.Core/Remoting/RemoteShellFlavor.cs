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
}
