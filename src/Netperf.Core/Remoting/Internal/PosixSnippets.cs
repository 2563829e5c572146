namespace Netperf.Core.Remoting.Internal;

/// <summary>POSIX sh fragments that several scripts of every pair share, written to start no program where the shell can do it.</summary>
internal static class PosixSnippets
{
    /// <summary>
    /// Sets <c>np_euid</c> to the shell's effective user id: the <c>Uid:</c> line of <c>/proc/self/status</c> (read by the
    /// shell itself, so "self" is the shell), else (no <c>/proc</c>, not Linux) what <c>id -u</c> prints. Each pair's
    /// scripts ask "am I root" three times; <c>id</c> was a fork and an exec each time.
    /// </summary>
    public const string EffectiveUid =
        "np_euid=; { while read -r np_k np_r np_e np_x; do [ \"$np_k\" != Uid: ] || { np_euid=$np_e; break; }; done < /proc/self/status; } 2>/dev/null || :; "
        + "[ -n \"$np_euid\" ] || np_euid=$(id -u)\n";

    /// <summary><see cref="EffectiveUid"/>, then <c>SUDO</c>: empty for root, else <c>sudo -n</c>.</summary>
    public const string SudoUnlessRoot = EffectiveUid + "SUDO=''; [ \"$np_euid\" -eq 0 ] || SUDO='sudo -n'\n";
}
