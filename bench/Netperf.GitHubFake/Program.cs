// The fake GitHub of the tests (tests/Netperf.Testing/GitHub) as a process, for benchmarks that register runners:
// listens on 127.0.0.1 (a random port), prints the settings a netperf process needs as NAME=VALUE lines (the fake's
// own well-known token, nothing secret), and serves until its standard input closes.
//   dotnet bench/Netperf.GitHubFake/bin/Release/net10.0/Netperf.GitHubFake.dll
// With --arm DIR it also serves the tests' ARM fake (tests/Netperf.Testing/Arm) and prints the Netperf__Azure__ settings
// for it: its VMs' Run Command scripts run for real on fake Linux VMs whose disks are folders under DIR (LinuxShellGuest;
// needs root), except the bootstrap steps that need SSH between the VMs (modelled, BootstrapGuestSimulator). Every
// long-running operation completes at once except VM creation, which takes --vm-create-ms (default 2000).
//   dotnet .../Netperf.GitHubFake.dll --arm /var/tmp/netperf-bench/vms [--vm-create-ms 2000]
using System.Globalization;
using Netperf.Testing.Arm;
using Netperf.Testing.GitHub;

await using var server = await FakeGitHubServer.StartAsync();
Console.WriteLine($"Netperf__GitHub__ApiBaseUrl={server.BaseUrl}");
Console.WriteLine("Netperf__GitHub__Owner=netperf");
Console.WriteLine("Netperf__GitHub__Repository=netperf");
Console.WriteLine($"Netperf__GitHub__Token={FakeGitHubServer.DefaultToken}");

FakeArmServer? arm = null;
LinuxShellGuest? machines = null;
var armAt = Array.IndexOf(args, "--arm");
if (armAt >= 0)
{
    if (armAt + 1 >= args.Length)
    {
        Console.Error.WriteLine("--arm needs the folder for the fake VMs' disks");
        return 2;
    }

    if (!LinuxShellGuest.IsSupported)
    {
        Console.Error.WriteLine("--arm runs the VMs' scripts in mount namespaces of their own: run it as root on Linux");
        return 2;
    }

    var createAt = Array.IndexOf(args, "--vm-create-ms");
    var create = TimeSpan.FromMilliseconds(createAt >= 0 && createAt + 1 < args.Length ? int.Parse(args[createAt + 1], CultureInfo.InvariantCulture) : 2000);
    machines = new LinuxShellGuest(args[armAt + 1]);
    arm = await FakeArmServer.StartAsync();
    arm.Behaviours.UseInstantTiming();
    arm.Faults.SetLatency(ArmOperationKind.CreateVirtualMachine, create);
    arm.GuestHandler = new BootstrapGuestSimulator { Machines = machines }.HandleAsync;
    arm.OnVirtualMachineCreating = machines.Provision;
    arm.OnVirtualMachineRemoved = machines.RemoveMachine;
    foreach (var (key, value) in FakeArmToolSettings.For(arm, TimeSpan.FromMilliseconds(50)))
    {
        Console.WriteLine($"{key}={value}");
    }
}

Console.WriteLine("netperf-fakes-ready");
await Console.Out.FlushAsync();
await Console.In.ReadToEndAsync();
Console.Error.WriteLine($"fake GitHub: {server.Journal.Count} requests served, {server.Runners.Count} runner(s) left");
if (arm is not null && machines is not null)
{
    var kinds = string.Join(", ", arm.Requests.GroupBy(r => r.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
    Console.Error.WriteLine($"ARM fake: {arm.Requests.Count} requests served ({kinds}), {arm.State.Snapshot().Count} resource(s) left, {machines.Machines.Count} VM disk(s) left");
    await arm.DisposeAsync();
    await machines.DisposeAsync();
}

return 0;
