using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Drivers.Netns;

/// <content>The shell that the namespace VMs' operations run on the host: links, folders, mounts, entering a VM, names.</content>
public sealed partial class NetnsDriver
{
    /// <summary>
    /// Sets <c>B</c> (the VM's bridge) and <c>A</c> (its address with prefix) and records both in the VM's folder. With
    /// <see cref="LabNetnsHostOptions.PerPairLinks"/>, the pair's link number is the one a VM of the same pair recorded, else
    /// the lowest that no VM's folder holds; chosen and recorded under a lock file beside the state folder, so two
    /// processes never take one number. A number is free again when the last VM holding it is deleted (its folder goes).
    /// </summary>
    private static string Link(LabNetnsHostOptions o, string d, string pairId)
    {
        if (!o.PerPairLinks)
        {
            return $"B={o.Bridge}; A={o.GuestAddress}; echo \"$B\" > {d}/bridge; echo \"$A\" > {d}/address";
        }

        var octets = o.GuestAddress.Split('/')[0].Split('.');
        var pair = ShellQuoting.Posix(pairId);
        return $$"""
            exec 9>{{o.StateDirectory}}.lock; flock 9
            printf '%s\n' {{pair}} > {{d}}/pair
            N=''; for f in {{o.StateDirectory}}/*/pair; do
              [ -f "$f" ] && [ "$f" != {{d}}/pair ] && [ -f "${f%/pair}/link" ] || continue
              np_v=; IFS= read -r np_v < "$f" || :
              if [ "$np_v" = {{pair}} ]; then IFS= read -r N < "${f%/pair}/link" || :; break; fi
            done
            if [ -z "$N" ]; then USED=' '; for f in {{o.StateDirectory}}/*/link; do [ -f "$f" ] || continue; np_v=; IFS= read -r np_v < "$f" || :; USED="$USED$np_v "; done; N=0; while case "$USED" in *" $N "*) true;; *) false;; esac; do N=$((N+1)); done; fi
            if [ "$N" -gt 255 ]; then rm -f {{d}}/pair; echo 'all 256 lab links on this host are taken; delete pairs (or run the janitor) first' >&2; exit 9; fi
            echo "$N" > {{d}}/link
            exec 9>&-
            B={{o.Bridge}}-$N; A={{octets[0]}}.{{octets[1]}}.$N.{{octets[3]}}/24
            echo "$B" > {{d}}/bridge; echo "$A" > {{d}}/address
            """;
    }

    private static LabNetnsHostOptions Settings(LabHost host) => Settings(host.Options);

    private static LabNetnsHostOptions Settings(LabHostOptions host) =>
        host.Netns ?? throw new InvalidOperationException(
            $"Host {host.Name} has no Netns settings; add Netperf:Lab:Hosts:N:Netns with Bridge and GuestAddress.");

    private static string StateOf(LabNetnsHostOptions options, string name) => $"{options.StateDirectory}/{name}";

    /// <summary>
    /// Runs a sh command in a running VM. Its sshd (started by <see cref="StartVmAsync"/> through <see cref="InGuest"/>)
    /// lives in the VM's network namespace and in a mount namespace that already has the VM's /root, /tmp, /var/crash
    /// and PowerShell bound: <c>nsenter</c> joins both, so the command sees what an ssh session into the VM sees, with one
    /// program started instead of <c>ip netns exec</c>, <c>cat</c>, <c>dirname</c>, <c>mkdir</c> and three <c>mount</c>s.
    /// The pid comes from the sshd's pid file and counts only while it is that sshd binary in that namespace (a pid used
    /// again by another process does not); otherwise (sshd not up, no nsenter) it takes the <see cref="InGuest"/> way.
    /// </summary>
    private static string EnterGuest(LabNetnsHostOptions o, string name, string command)
    {
        var d = StateOf(o, name);

        // One shell in the VM: the cd goes on the command's first line (so its line numbers in messages stay the same).
        return $"np_p=; {ReadFirstLine("np_p", $"{d}/sshd.pid")}\n" +
               $"if [ -n \"$np_p\" ] && [ /proc/$np_p/ns/net -ef {NetnsFile(name)} ] && [ /proc/$np_p/exe -ef {o.SshdPath} ] && command -v nsenter >/dev/null 2>&1; then\n" +
               $"  export HOME=/root NETPERF_HOST_KEYS={d}/ssh_host_ed25519_key.pub; exec nsenter -t \"$np_p\" -m -n sh -c {ShellQuoting.Posix("cd /root || exit 1; " + command)}\nfi\n" +
               "exec " + InGuest(o, name, "exec sh -c \"$1\"", command) + "\n";
    }

    /// <summary>
    /// Runs a sh command in the VM: its namespace plus its own /root, /tmp and /var/crash (and the host's PowerShell folder
    /// under /root), all bound by one <c>mount -a</c> from the VM's <c>fstab</c> (written at creation, see <see cref="Fstab"/>);
    /// a VM made without that file gets them one <c>mount</c> at a time.
    /// </summary>
    private static string InGuest(LabNetnsHostOptions o, string name, string inner, string? argument = null)
    {
        var d = StateOf(o, name);
        var prepare = $"if [ -s {d}/fstab ]; then mount -a -T {d}/fstab; else {SharePowerShell(d)} && mount --rbind {d}/root /root && mount --bind {d}/tmp /tmp && " +
                      $"{{ [ ! -d /var/crash ] || mount --bind {d}/crash /var/crash; }}; fi && export HOME=/root NETPERF_HOST_KEYS={d}/ssh_host_ed25519_key.pub && cd /root && {inner}";
        return $"ip netns exec {name} sh -c {ShellQuoting.Posix(prepare)} guest" + (argument is null ? string.Empty : " " + ShellQuoting.Posix(argument));
    }

    /// <summary>
    /// When the host has PowerShell 7 (<c>$np_pwsh</c>, resolved by <see cref="ResolvePwsh"/>), the VM's sshd serves it as the
    /// <c>powershell</c> subsystem (and puts it on the sessions' PATH), so <c>Invoke-Command -HostName</c> reaches the VM. Its
    /// path is kept in the VM's <c>pwsh</c> file.
    /// </summary>
    private static string PowerShellSubsystem(string d) =>
        $"if [ -n \"$np_pwsh\" ]; then echo \"$np_pwsh\" > {d}/pwsh; np_t=${{np_pwsh%/*}}; " +
        $"printf 'Subsystem powershell %s -sshs -NoLogo -NoProfile\\nSetEnv PATH=%s:/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off\\n' \"$np_pwsh\" \"${{np_t:-/}}\" >> {d}/sshd_config; fi";

    /// <summary>
    /// The VM's mounts, in the order they are made, for <see cref="InGuest"/>'s <c>mount -a</c>: the host's PowerShell folder
    /// on the VM's (when it lives under <c>/root</c>, <c>$np_tr</c>) before the VM's <c>root</c> is bound, with it, on
    /// <c>/root</c>; then <c>tmp</c> on <c>/tmp</c> and, where the host has <c>/var/crash</c>, <c>crash</c> on it.
    /// </summary>
    private static string Fstab(string d) =>
        $"{{ [ -z \"$np_tr\" ] || printf '%s %s none bind 0 0\\n' \"/root$np_tr\" \"{d}/root$np_tr\"; printf '%s\\n' '{d}/root /root none rbind 0 0' '{d}/tmp /tmp none bind 0 0'; " +
        $"[ ! -d /var/crash ] || echo '{d}/crash /var/crash none bind 0 0'; }} > {d}/fstab";

    /// <summary>
    /// Makes <c>$np_pwsh</c> (set by <see cref="PosixFindPwsh"/>) a path without links, and sets <c>$np_tr</c> to its
    /// folder's path below <c>/root</c> (such as <c>/.dotnet/tools</c>) when it lives there, else empty: the VM's own
    /// <c>root</c> gets that folder at creation, for <see cref="SharePowerShell"/> to bind the host's on.
    /// </summary>
    private const string ResolvePwsh =
        "np_tr=; if [ -n \"$np_pwsh\" ]; then if [ -L \"$np_pwsh\" ]; then np_pwsh=$(readlink -f \"$np_pwsh\"); else np_pwsh=$(cd -P \"${np_pwsh%/*}/\" && pwd -P)/${np_pwsh##*/}; fi; " +
        "np_t=${np_pwsh%/*}; case $np_t in /root/*) np_tr=${np_t#/root} ;; esac; fi";

    /// <summary>
    /// The VM has its own <c>/root</c>: when the host's pwsh lives under <c>/root</c> (the .NET tool's <c>~/.dotnet/tools</c>),
    /// its folder is bound at the same path inside the VM's root (in this command's mount namespace only), so the VM runs the same pwsh.
    /// </summary>
    private static string SharePowerShell(string d) =>
        $"{{ [ ! -s {d}/pwsh ] || {{ np_t=; {ReadFirstLine("np_t", $"{d}/pwsh")}; np_t=${{np_t%/*}}; case $np_t in /root/*) {{ [ -d {d}/root${{np_t#/root}} ] || mkdir -p {d}/root${{np_t#/root}}; }} && mount --bind $np_t {d}/root${{np_t#/root}} ;; esac; }}; }}";

    /// <summary>Sets <c>$np_pwsh</c> to PowerShell 7's path on the host: on PATH, else the .NET tool's; empty when neither.</summary>
    internal const string PosixFindPwsh =
        "np_pwsh=$(command -v pwsh 2>/dev/null || { [ -x \"${HOME:-/nonexistent}/.dotnet/tools/pwsh\" ] && printf '%s' \"$HOME/.dotnet/tools/pwsh\"; } || true); ";

    /// <summary>
    /// Makes or checks the state folder and makes the VM's folder with its <c>root</c>, <c>root/.ssh</c>, <c>crash</c>,
    /// <c>checkpoints</c> and <c>tmp</c> (and the folder PowerShell is bound on, <c>$np_tr</c> below <c>root</c>): real folders
    /// (no links) of the user the host commands run as, mode 700 (<c>tmp</c> 1777), so no other user can swap the VM's keys or
    /// sshd config (its sshd keeps StrictModes on). When the VM's folder is not there (so no link either), its folders come
    /// from one <c>mkdir -m 700</c>, which fails unless it made every one of them (only this user can add to the checked state
    /// folder); otherwise (a folder left behind, or the state folder removed meanwhile by the last VM's delete) each is made
    /// or checked one by one. Two labs on one machine may make the shared state folder at once: a
    /// mkdir that loses that race is fine, the check after it decides.
    /// </summary>
    private static string PrivateFolders(LabNetnsHostOptions o, string d)
    {
        var s = o.StateDirectory;
        var parent = ParentOf(s);
        return $$"""
            np_own() { if [ -L "$1" ] || [ ! -d "$1" ] || [ ! -O "$1" ]; then echo "lab state folder $1 is not a real folder of $(id -un) (owner $(stat -c %U "$1")); remove it or set Netperf:Lab:Hosts:N:Netns:StateDirectory to a folder of its own" >&2; exit 7; fi; }
            [ -d {{parent}} ] || mkdir -p {{parent}}
            np_made=; [ -e {{s}} ] || [ -L {{s}} ] || { mkdir -m 700 {{s}} 2>/dev/null && np_made=1; } || true
            np_own {{s}}; [ -n "$np_made" ] || chmod 700 {{s}}
            np_x=; np_r=$np_tr; while [ -n "$np_r" ]; do np_x="{{d}}/root$np_r $np_x"; np_r=${np_r%/*}; done
            if [ ! -e {{d}} ] && [ ! -L {{d}} ] && mkdir -m 700 {{d}} {{d}}/root {{d}}/root/.ssh {{d}}/crash {{d}}/checkpoints $np_x 2>/dev/null; then mkdir -m 1777 {{d}}/tmp
            else
              [ -e {{s}} ] || [ -L {{s}} ] || mkdir -m 700 {{s}} 2>/dev/null || true
              [ -e {{d}} ] || [ -L {{d}} ] || mkdir -m 700 {{d}} 2>/dev/null || true
              np_own {{s}}; np_own {{d}}; chmod 700 {{s}} {{d}}
              mkdir -p {{d}}/root/.ssh {{d}}/tmp {{d}}/crash {{d}}/checkpoints $np_x
              chmod 700 {{d}}/root {{d}}/root/.ssh; chmod 1777 {{d}}/tmp
            fi
            """;
    }

    /// <summary>What <c>dirname</c> prints for a folder path, computed here rather than by a program on the host.</summary>
    private static string ParentOf(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : trimmed[..slash].TrimEnd('/') is { Length: > 0 } parent ? parent : "/";
    }

    /// <summary>
    /// Kills every process in the VM's network namespace: what <c>ip netns pids</c> lists (each <c>/proc/PID</c> whose
    /// <c>ns/net</c> is the namespace's file), compared by the shell's own <c>test -ef</c>, without starting a program.
    /// </summary>
    private static string KillAll(string name) =>
        $"if [ -e {NetnsFile(name)} ]; then for p in /proc/[0-9]*; do if [ $p/ns/net -ef {NetnsFile(name)} ]; then kill -9 ${{p#/proc/}} 2>/dev/null || true; fi; done; fi";

    /// <summary>Deletes the bridge <c>$B</c> when no port is left on it (its sysfs <c>brif</c> folder empty, or ip's list of its ports).</summary>
    private const string BridgeGoesWithItsLastPort =
        "if [ -d /sys/class/net/\"$B\"/brif ]; then np_e=; for np_f in /sys/class/net/\"$B\"/brif/*; do if [ -e \"$np_f\" ] || [ -L \"$np_f\" ]; then np_e=1; break; fi; done; " +
        "[ -n \"$np_e\" ] || ip link del \"$B\" 2>/dev/null || :; " +
        "elif np_m=$(ip -o link show master \"$B\" 2>/dev/null) && [ -z \"$np_m\" ]; then ip link del \"$B\"; fi";

    /// <summary>Where iproute2 keeps its named network namespaces (<c>ip netns list</c> lists this folder).</summary>
    private const string NetnsFolder = "/var/run/netns";

    private static string NetnsFile(string name) => $"{NetnsFolder}/{name}";

    /// <summary>Sets <paramref name="variable"/> to the first line of <paramref name="file"/> when it can be read (the shell's read, not cat).</summary>
    private static string ReadFirstLine(string variable, string file) => $"{{ IFS= read -r {variable} < {file}; }} 2>/dev/null || :";

    /// <summary>Runs <paramref name="command"/> only when <paramref name="folder"/> has an entry (a glob, not a program).</summary>
    private static string IfNotEmpty(string folder, string command) =>
        $"np_e=; for np_f in {folder}/* {folder}/.[!.]* {folder}/..?*; do if [ -e \"$np_f\" ] || [ -L \"$np_f\" ]; then np_e=1; break; fi; done; if [ -n \"$np_e\" ]; then {command}; fi";

    /// <summary>Runs <paramref name="command"/> only when <paramref name="folder"/> has no entry.</summary>
    private static string IfEmpty(string folder, string command) =>
        $"np_e=; for np_f in {folder}/* {folder}/.[!.]* {folder}/..?*; do if [ -e \"$np_f\" ] || [ -L \"$np_f\" ]; then np_e=1; break; fi; done; if [ -z \"$np_e\" ]; then {command}; fi";

    private static string CheckName(string name)
    {
        if (!VmName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid namespace VM name (1-14 characters of a-z and 0-9).", nameof(name));
        }

        return name;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]{1,14}$")]
    private static partial System.Text.RegularExpressions.Regex VmName();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9.% ]{1,200}$")]
    private static partial System.Text.RegularExpressions.Regex NetemArguments();
}
