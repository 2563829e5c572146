namespace Netperf.Testing.Arm;

/// <summary>A VM the fake is creating, as its guest sees it (see <see cref="FakeArmServer.OnVirtualMachineCreating"/>).</summary>
/// <param name="ResourceGroup">The VM's resource group.</param>
/// <param name="VmName">The VM's name.</param>
/// <param name="OsType"><c>Linux</c> or <c>Windows</c>, from its OS profile.</param>
/// <param name="AdminUsername">Its admin user (<c>osProfile.adminUsername</c>), or <see langword="null"/>.</param>
public sealed record GuestMachine(string ResourceGroup, string VmName, string OsType, string? AdminUsername);
