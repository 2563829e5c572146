using System.Security.Cryptography;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// The private state folder of Netperf on this machine: <c>$NETPERF_STATE_DIR</c> when set (a provider
/// that keeps its pairs elsewhere sets it for its client's commands), else <c>$XDG_RUNTIME_DIR/netperf</c> when that
/// exists, else <c>$XDG_STATE_HOME/netperf</c> when that is set, else <c>$HOME/.local/state/netperf</c>, else (no home)
/// <c>$TMPDIR/netperf-&lt;user&gt;</c>; <c>%LOCALAPPDATA%\netperf</c> on Windows. Not <c>/tmp</c> by default: OpenSSH's
/// StrictModes refuses key files under a folder others may write, and the local pair's peer keeps its keys here.
/// Every folder of it is made and checked by <see cref="PrivateFolder"/> (the current user's, mode 0700, no links).
/// The bootstrapper and deployments compute and check the same folder on remote machines with
/// <see cref="PosixShellExpression"/> and <see cref="PosixEnsureFunction"/>.
/// </summary>
internal static class NetperfPaths
{
    /// <summary>The same rule as <see cref="StateRoot"/>, as a POSIX shell expression.</summary>
    public const string PosixShellExpression =
        "$(s=${XDG_STATE_HOME:-}; h=${HOME:-}; if [ -n \"${NETPERF_STATE_DIR:-}\" ]; then printf '%s' \"$NETPERF_STATE_DIR\"; " +
        "elif [ -n \"${XDG_RUNTIME_DIR:-}\" ] && [ -d \"$XDG_RUNTIME_DIR\" ]; then printf '%s/netperf' \"$XDG_RUNTIME_DIR\"; " +
        "elif [ -n \"$s\" ] && [ \"${s#/}\" != \"$s\" ]; then printf '%s/netperf' \"${s%/}\"; " +
        "elif [ -n \"$h\" ] && [ \"${h#/}\" != \"$h\" ] && [ -d \"$h\" ]; then printf '%s/.local/state/netperf' \"${h%/}\"; " +
        "else printf '%s/netperf-%s' \"${TMPDIR:-/tmp}\" \"$(id -un)\"; fi)";

    /// <summary>
    /// The same rule as <see cref="PosixShellExpression"/>, as POSIX sh that sets <paramref name="variable"/> without a
    /// command substitution (no subshell, so no fork: the scripts of every pair compute it). Uses <c>np_s</c> and <c>np_h</c>.
    /// </summary>
    public static string PosixStateRootAssignment(string variable) =>
        $"np_s=${{XDG_STATE_HOME:-}}; np_h=${{HOME:-}}; if [ -n \"${{NETPERF_STATE_DIR:-}}\" ]; then {variable}=$NETPERF_STATE_DIR; " +
        $"elif [ -n \"${{XDG_RUNTIME_DIR:-}}\" ] && [ -d \"$XDG_RUNTIME_DIR\" ]; then {variable}=$XDG_RUNTIME_DIR/netperf; " +
        $"elif [ -n \"$np_s\" ] && [ \"${{np_s#/}}\" != \"$np_s\" ]; then {variable}=${{np_s%/}}/netperf; " +
        $"elif [ -n \"$np_h\" ] && [ \"${{np_h#/}}\" != \"$np_h\" ] && [ -d \"$np_h\" ]; then {variable}=${{np_h%/}}/.local/state/netperf; " +
        $"else {variable}=${{TMPDIR:-/tmp}}/netperf-$(id -un); fi";

    /// <summary>
    /// A POSIX shell function, <c>np_dir ROOT [SUB]</c>: the rule of <see cref="PrivateFolder"/> for remote machines.
    /// It makes (<c>mkdir -m 700</c>) or checks ROOT and ROOT/SUB, each a real folder of this user, mode 700, and every
    /// folder above ROOT: this user's or root's and, where others may write, sticky (a root-owned link there is trusted).
    /// It prints why on stderr and returns 1 when a folder fails. Needs <c>stat -c</c> (GNU or BusyBox).
    /// </summary>
    /// <remarks>
    /// Each small program it starts costs a fork and an exec (1-2 ms of CPU on a small VM, several times per pair), so it
    /// starts few: one <c>stat</c> for every folder that exists (checked before anything is made in them), one
    /// <c>mkdir</c> and one <c>stat</c> for the missing ones (when the last folder that exists lets others make entries,
    /// as a sticky <c>/tmp</c> does, or is <c>/</c>, the first missing one is made and checked alone before anything is
    /// made in it), <c>chmod</c> only for a folder whose mode is not 700, and <c>id</c>/<c>stat -c %U</c> only for a
    /// message. "Is it mine" is the shell's <c>test -O</c>. A second call with the same arguments in one script returns
    /// at once (the folders were just checked).
    /// </remarks>
    public const string PosixEnsureFunction = """
        np_chk() {
          [ $# -gt 0 ] || return 0
          np_s=$(stat -c '%u %a' -- "$@") || return 1
          while read -r np_u np_m; do
            np_q=$1; shift; np_lm=$np_m
            if [ ! -d "$np_q" ] && [ ! -L "$np_q" ]; then echo "netperf: '$np_q' on the way to Netperf's state folder is not a folder (Not a directory)" >&2; return 1; fi
            if [ ${#np_q} -ge ${#np_r} ]; then
              if [ -L "$np_q" ] || [ ! -d "$np_q" ] || [ ! -O "$np_q" ]; then
                echo "netperf: Netperf's state folder '$np_q' is not a real folder of $(id -un) (owner $(stat -c %U -- "$np_q"), mode $np_m$([ -L "$np_q" ] && echo ', a symbolic link')): another user could read or replace its keys. Check what is in it and remove it, or set NETPERF_STATE_DIR to a folder of your own." >&2
                return 1
              fi
              [ "$np_m" = 700 ] || chmod 700 "$np_q" || return 1
            elif [ -L "$np_q" ]; then
              [ "$np_u" = 0 ] || { echo "netperf: the folder '$np_q' above Netperf's state folder is a symbolic link owned by $(stat -c %U -- "$np_q"), not root; set NETPERF_STATE_DIR to a folder of your own." >&2; return 1; }
            elif [ ! -d "$np_q" ] || { [ "$np_u" != 0 ] && [ ! -O "$np_q" ]; } || { [ $(( 0$np_m & 022 )) -ne 0 ] && [ $(( 0$np_m & 01000 )) -eq 0 ]; }; then
              echo "netperf: the folder '$np_q' above Netperf's state folder (owner $(stat -c %U -- "$np_q"), mode $np_m) lets another user replace what is below it; set NETPERF_STATE_DIR to a folder under folders only you or root can change." >&2
              return 1
            fi
          done <<NP_EOF
        $np_s
        NP_EOF
        }
        np_dir() {
          case $1 in /*) ;; *) echo "netperf: the state folder '$1' is not an absolute path; set NETPERF_STATE_DIR to one" >&2; return 1 ;; esac
          [ "${np_done-}" != "$1|${2-}" ] || return 0
          np_a="$1|${2-}"; np_r=${1%/}; np_rest=${np_r#/}${2:+/$2}; np_p=; np_miss=; np_lm=777
          set --
          while :; do
            np_c=
            while [ -z "$np_c" ] && [ -n "$np_rest" ]; do
              np_c=${np_rest%%/*}
              case $np_rest in */*) np_rest=${np_rest#*/} ;; *) np_rest= ;; esac
            done
            if [ -z "$np_miss" ] && { [ -z "$np_c" ] || { [ ! -e "$np_p/$np_c" ] && [ ! -L "$np_p/$np_c" ]; }; }; then
              np_chk "$@" || return 1
              np_miss=1; set --
            fi
            [ -n "$np_c" ] || break
            if [ -n "$np_miss" ] && [ $(( 0$np_lm & 022 )) -ne 0 ]; then
              np_p=$np_p/$np_c
              mkdir -m 700 "$np_p" 2>/dev/null || [ -d "$np_p" ] || { echo "netperf: cannot create '$np_p'" >&2; return 1; }
              np_chk "$np_p" || return 1
            else
              np_p=$np_p/$np_c
              set -- "$@" "$np_p"
            fi
          done
          if [ $# -gt 0 ]; then
            mkdir -m 700 "$@" 2>/dev/null || :
            for np_p; do [ -d "$np_p" ] || { echo "netperf: cannot create '$np_p'" >&2; return 1; }; done
            np_chk "$@" || return 1
          fi
          np_done=$np_a
        }

        """;

    /// <summary>The same rule as <see cref="StateRoot"/>, as a PowerShell expression (Windows).</summary>
    public const string PowerShellExpression = "$(if ($env:NETPERF_STATE_DIR) { $env:NETPERF_STATE_DIR } else { Join-Path $env:LOCALAPPDATA 'netperf' })";

    /// <summary>
    /// A PowerShell function, <c>np_dir ROOT [SUB]</c>: makes ROOT\SUB and refuses it when ROOT or a folder below it is a
    /// link or junction, or is owned by someone other than this user (or, for an elevated user, Administrators).
    /// </summary>
    public const string PowerShellEnsureFunction = """
        function np_dir([string] $root, [string] $sub) {
          $p = if ($sub) { Join-Path $root $sub } else { $root }
          New-Item -ItemType Directory -Force -Path $p | Out-Null
          $me = [Security.Principal.WindowsIdentity]::GetCurrent()
          $allowed = @($me.User.Value, 'S-1-5-18') + $(if (([Security.Principal.WindowsPrincipal]$me).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { 'S-1-5-32-544' } else { @() })
          $top = (Get-Item -LiteralPath $root -Force).FullName.TrimEnd('\')
          for ($i = Get-Item -LiteralPath $p -Force; $i -and $i.FullName.TrimEnd('\').Length -ge $top.Length; $i = $i.Parent) {
            if ($i.Attributes -band [IO.FileAttributes]::ReparsePoint) { throw "netperf: Netperf's state folder '$($i.FullName)' is a link or junction; remove it or set NETPERF_STATE_DIR to a real folder of your own." }
            $owner = (Get-Acl -LiteralPath $i.FullName).GetOwner([Security.Principal.SecurityIdentifier]).Value
            if ($allowed -notcontains $owner) { throw "netperf: Netperf's state folder '$($i.FullName)' belongs to $owner, not to $($me.Name); check what is in it and remove it, or set NETPERF_STATE_DIR to a folder of your own." }
          }
        }

        """;

    /// <summary>The variable that overrides the state folder.</summary>
    public const string StateVariable = "NETPERF_STATE_DIR";

    /// <summary>The default state folder, for messages.</summary>
    public const string DefaultStateRootDescription = "$XDG_RUNTIME_DIR/netperf, else ~/.local/state/netperf";

    public const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string StateRoot()
    {
        var configured = Environment.GetEnvironmentVariable(StateVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "netperf");
        }

        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && Directory.Exists(runtime))
        {
            return Path.Combine(runtime, "netperf");
        }

        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (!string.IsNullOrEmpty(stateHome) && stateHome.StartsWith('/'))
        {
            return stateHome.TrimEnd('/') + "/netperf";
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home) && home.StartsWith('/') && Directory.Exists(home))
        {
            return home.TrimEnd('/') + "/.local/state/netperf";
        }

        var temp = Environment.GetEnvironmentVariable("TMPDIR");
        return Path.Combine(string.IsNullOrEmpty(temp) ? "/tmp" : temp, "netperf-" + Environment.UserName);
    }

    /// <summary>
    /// Creates (mode 0700) or checks a private folder and every folder above it (see <see cref="PrivateFolder"/>):
    /// folders at or below <paramref name="stateRoot"/> (default: the folder itself) must be real folders of the current
    /// user; the others must be the user's or root's and not writable by others unless sticky.
    /// </summary>
    /// <exception cref="InvalidOperationException">A folder is another user's, a link, or replaceable by others.</exception>
    public static string EnsurePrivateFolder(string path, string? stateRoot = null) => PrivateFolder.Ensure(path, stateRoot);

    /// <summary>Writes a file atomically with mode 0600 (write to a temporary name, then rename).</summary>
    public static void WritePrivateFile(string path, string contents)
    {
        // The temporary name says whose it is (an OwnerToken): if this process dies before the rename, the janitor knows it is debris.
        var temp = path + TempMarker + OwnerToken.New();
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(temp, contents);
        }
        else
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFileMode }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>What <see cref="WritePrivateFile"/> puts between a file's name and the owner token of its temporary copy.</summary>
    public const string TempMarker = ".tmp-";

    public static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
