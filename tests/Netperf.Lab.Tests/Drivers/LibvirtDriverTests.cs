using Netperf.Core.Remoting;
using Netperf.Lab.Drivers;
using Netperf.Lab.Drivers.Libvirt;
using Netperf.Lab.Inventory;
using Netperf.Lab.Tests.Fakes;
using Netperf.Testing.Integration;

namespace Netperf.Lab.Tests.Drivers;

public sealed class LibvirtDriverTests
{
    private static readonly Dictionary<string, string> Tags = new() { ["netperf-pair"] = "p1" };
    private const string DomIfAddr = """
         Name       MAC address          Protocol     Address
        -------------------------------------------------------------------------------
         lo         00:00:00:00:00:00    ipv4         127.0.0.1/8
         enp1s0     52:54:00:4b:7a:10    ipv4         10.2.0.7/24
         enp1s0     52:54:00:4b:7a:10    ipv6         fe80::5054:ff:fe4b:7a10/64
        """;

    [Fact]
    public async Task CreateVmAsync_WritesTheTagsFileFirstThenMakesAQcow2OverlayAndDefinesTheDomainWithItsTags()
    {
        var shell = new ScriptedHostShell().Expect($"""
            set -e
            mkdir -p '/var/lib/libvirt/images/lab'
            printf '%s\n' '{HyperVDriverTests.Encoded(Tags)}' > '/var/lib/libvirt/images/lab/npl1c.netperf-tags'
            rm -f '/var/lib/libvirt/images/lab/npl1c.known_hosts'
            qemu-img create -q -f qcow2 -F qcow2 -b '/images/ubuntu-24.04.qcow2' '/var/lib/libvirt/images/lab/npl1c.qcow2'
            virt-install --connect 'qemu:///system' --name 'npl1c' --memory 4096 --vcpus 2 --import --disk path='/var/lib/libvirt/images/lab/npl1c.qcow2',format=qcow2,bus=virtio --network bridge='br-lab',model=virtio --os-variant 'ubuntu24.04' --channel unix,target.type=virtio,target.name=org.qemu.guest_agent.0 --graphics none --metadata description='{HyperVDriverTests.Encoded(Tags)}' --print-xml > '/var/lib/libvirt/images/lab/npl1c.xml'
            virsh -c 'qemu:///system' define '/var/lib/libvirt/images/lab/npl1c.xml' >/dev/null
            """);

        await new LibvirtDriver().CreateVmAsync(Host(shell), new LabVmSpec { Name = "npl1c", Image = "ubuntu-24.04", Tags = Tags });

        shell.Verify();
    }

    [Fact]
    public async Task StartWaitAndRunInGuest_UseVirshAndTheGuestAgentAddress()
    {
        var shell = new ScriptedHostShell()
            .Expect("virsh -c 'qemu:///system' start 'npl1c'")
            .Expect("virsh -c 'qemu:///system' domifaddr 'npl1c' --source agent", output: DomIfAddr)
            .Expect("virsh -c 'qemu:///system' domifaddr 'npl1c' --source agent", output: DomIfAddr)
            .Expect(PinHostKey + SshTo("'uname -r'"), output: "6.8.0\n");
        var driver = new LibvirtDriver();

        await driver.StartVmAsync(Host(shell), "npl1c");
        var addresses = await driver.WaitForAddressAsync(Host(shell), "npl1c", TimeSpan.FromMinutes(1));
        var result = await driver.RunInGuestAsync(Host(shell), "npl1c", new RemoteCommand { Text = "uname -r" });

        Assert.Equal(["10.2.0.7"], addresses);
        Assert.Equal("6.8.0\n", result.StandardOutput);
        shell.Verify();
    }

    [Fact]
    public async Task RunInGuestAsync_SecretOnStandardInput_TravelsOnTheHostsStandardInputNeverInItsCommandLine()
    {
        var secret = new Netperf.Testing.Secrets.PlantedSecret();
        var shell = new ScriptedHostShell()
            .Expect("virsh -c 'qemu:///system' domifaddr 'npl1c' --source agent", output: DomIfAddr)
            .Expect(PinHostKey + SshTo("'IFS= read -r T; printf %s \"$T\" > /etc/runner-token'"));

        await new LibvirtDriver().RunInGuestAsync(Host(shell), "npl1c", new RemoteCommand
        {
            Text = "IFS= read -r T; printf %s \"$T\" > /etc/runner-token",
            StandardInput = secret.Value + "\n",
            Secrets = [secret.Value],
        });

        shell.Verify();
        var sent = shell.Commands[^1];
        secret.AssertNotIn("the host's command line", sent.Text);
        Assert.Equal(secret.Value + "\n", sent.StandardInput);
        Assert.Equal([secret.Value], sent.Secrets);
    }

    [Fact]
    public async Task DeleteSnapshotAndList_SendVirshCommands()
    {
        var shell = new ScriptedHostShell()
            .Expect("virsh -c 'qemu:///system' snapshot-create-as 'npl1c' 'clean'")
            .Expect("virsh -c 'qemu:///system' snapshot-revert 'npl1c' 'clean'")
            .Expect("""
                if virsh -c 'qemu:///system' dominfo 'npl1c' >/dev/null 2>&1; then
                  virsh -c 'qemu:///system' destroy 'npl1c' >/dev/null 2>&1 || true
                  virsh -c 'qemu:///system' undefine 'npl1c' --snapshots-metadata --nvram >/dev/null 2>&1 || virsh -c 'qemu:///system' undefine 'npl1c' --snapshots-metadata >/dev/null
                fi
                rm -f '/var/lib/libvirt/images/lab/npl1c.qcow2' '/var/lib/libvirt/images/lab/npl1c.xml' '/var/lib/libvirt/images/lab/npl1c.known_hosts'
                rm -f '/var/lib/libvirt/images/lab/npl1c.netperf-tags'
                """)
            .Expect(
                "names=$(virsh -c 'qemu:///system' list --all --name | grep '^npl'); " +
                "for d in $names; do if [ -f '/var/lib/libvirt/images/lab'/\"$d\".netperf-tags ]; then echo \"$d $(cat '/var/lib/libvirt/images/lab'/\"$d\".netperf-tags)\"; " +
                "else echo \"$d $(virsh -c 'qemu:///system' desc \"$d\")\"; fi; done; " +
                "for f in '/var/lib/libvirt/images/lab'/'npl'*.netperf-tags; do [ -f \"$f\" ] || continue; d=$(basename \"$f\" .netperf-tags); " +
                "printf '%s\\n' \"$names\" | grep -qx \"$d\" || echo \"$d $(cat \"$f\")\"; done",
                output: $"npl1c {HyperVDriverTests.Encoded(Tags)}\n");
        var driver = new LibvirtDriver();

        await driver.CheckpointAsync(Host(shell), "npl1c", "clean");
        await driver.RestoreAsync(Host(shell), "npl1c", "clean");
        await driver.DeleteVmAsync(Host(shell), "npl1c");
        var vms = await driver.ListVmsAsync(Host(shell), "npl");

        Assert.Equal("p1", Assert.Single(vms).Tags["netperf-pair"]);
        shell.Verify();
    }

    [Fact]
    public async Task FindCrashDumpsAsync_CrashedDomain_IsReported()
    {
        var shell = new ScriptedHostShell().Expect(
            "virsh -c 'qemu:///system' domstate 'npl1c' --reason 2>/dev/null | grep -qi crashed && echo 'domain state: crashed'; ls -1 '/var/lib/libvirt/qemu/dump'/npl1c* 2>/dev/null || true",
            output: "domain state: crashed\n/var/lib/libvirt/qemu/dump/npl1c-core.dump\n");

        var dumps = await new LibvirtDriver().FindCrashDumpsAsync(Host(shell), "npl1c");

        Assert.Equal(2, dumps.Count);
    }

    [IntegrationFact(Prerequisite.Linux)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task CreateVmAsync_FailsAfterTheTagsFile_ListVmsFindsItWithItsTagsAndDeleteRemovesIt()
    {
        // A real sh, with a virsh that knows one domain and a qemu-img that fails: as if the create were killed after
        // its first line. The write-ahead tags file is what lets the janitor find (and delete) what it left.
        Prerequisites.Ensure(Prerequisite.Linux);
        var root = Directory.CreateTempSubdirectory("npl-virt-").FullName;
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
            var disks = Path.Combine(root, "disks");
            Fake(bin, "qemu-img", "echo 'qemu-img: killed' >&2; exit 1");
            Fake(bin, "virsh", "case \"$3\" in list) echo npl0old ;; desc) echo ;; dominfo) exit 1 ;; esac");
            await using var shell = new LocalProcessShell(environment: new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") });
            var host = Host(shell, disks);
            var driver = new LibvirtDriver();

            await Assert.ThrowsAsync<InvalidOperationException>(() => driver.CreateVmAsync(host, new LabVmSpec { Name = "npl1c", Image = "ubuntu-24.04", Tags = Tags }));
            var listed = await driver.ListVmsAsync(host, "npl");
            await driver.DeleteVmAsync(host, "npl1c");

            Assert.Equal(["npl0old", "npl1c"], listed.Select(v => v.Name));
            Assert.Empty(listed[0].Tags);
            Assert.Equal("p1", listed[1].Tags["netperf-pair"]);
            Assert.Empty(Directory.GetFileSystemEntries(disks));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task RunInGuestAsync_ChecksTheGuestHostKeyStrictlyNeverTrustsOnFirstUse()
    {
        var shell = new ScriptedHostShell()
            .Expect("virsh -c 'qemu:///system' domifaddr 'npl1c' --source agent", output: DomIfAddr)
            .Expect(PinHostKey + SshTo("'true'"));

        await new LibvirtDriver().RunInGuestAsync(Host(shell), "npl1c", new RemoteCommand { Text = "true" });

        shell.Verify();
        var text = shell.Commands[^1].Text;
        Assert.DoesNotContain("StrictHostKeyChecking=no", text, StringComparison.Ordinal);
        Assert.DoesNotContain("accept-new", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UserKnownHostsFile=/dev/null", text, StringComparison.Ordinal);
        Assert.Contains("-o StrictHostKeyChecking=yes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseDomIfAddr_SkipsLoopbackAndIPv6() =>
        Assert.Equal(["10.2.0.7"], LibvirtDriver.ParseDomIfAddr(DomIfAddr));

    /// <summary>The host-side lines that read the guest's host key through the guest agent into the domain's known_hosts.</summary>
    private const string PinHostKey = """
        kh='/var/lib/libvirt/images/lab/npl1c.known_hosts'
        if [ ! -s "$kh" ]; then
          h=$(virsh -c 'qemu:///system' qemu-agent-command 'npl1c' '{"execute":"guest-file-open","arguments":{"path":"/etc/ssh/ssh_host_ed25519_key.pub","mode":"r"}}' </dev/null | sed -n 's/.*"return":\([0-9][0-9]*\).*/\1/p')
          k=$(virsh -c 'qemu:///system' qemu-agent-command 'npl1c' "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":${h:-0},\"count\":16384}}" </dev/null | sed -n 's/.*"buf-b64":"\([^"]*\)".*/\1/p' | base64 -d 2>/dev/null | cut -d' ' -f1,2)
          [ -z "$h" ] || virsh -c 'qemu:///system' qemu-agent-command 'npl1c' "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":$h}}" </dev/null >/dev/null 2>&1 || true
          case "$k" in
            ssh-*\ *|ecdsa-*\ *) printf '%s %s\n' 'npl1c' "$k" > "$kh.tmp" && mv -f "$kh.tmp" "$kh" ;;
            *) echo "netperf: could not read the SSH host key of npl1c through the guest agent (/etc/ssh/ssh_host_ed25519_key.pub); the guest must run qemu-guest-agent with guest-file-open/read allowed" >&2; exit 255 ;;
          esac
        fi

        """;

    private static string SshTo(string quotedCommand) =>
        "ssh -i '/root/.ssh/netperf-lab-guest' -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=\"$kh\" -o GlobalKnownHostsFile=/dev/null " +
        "-o HostKeyAlias='npl1c' -o LogLevel=ERROR 'root@10.2.0.7' -- " + quotedCommand;

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void Fake(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static LabHost Host(IRemoteShell shell, string diskPath = "/var/lib/libvirt/images/lab") => new(new LabHostOptions
    {
        Name = "kvm1",
        Address = "kvm1.lab",
        Hypervisor = LabHypervisors.Libvirt,
        Images = ["ubuntu-24.04"],
        Link = "tor1",
        Libvirt = new LabLibvirtHostOptions
        {
            BaseImages = { ["ubuntu-24.04"] = "/images/ubuntu-24.04.qcow2" },
            DiskPath = diskPath,
            Processors = 2,
            MemoryMb = 4096,
            OsVariant = "ubuntu24.04",
        },
    }, shell);
}
