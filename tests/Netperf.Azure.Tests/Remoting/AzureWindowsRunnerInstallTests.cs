using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Azure.Tests.Support;
using Netperf.Core.GitHub;
using Netperf.Core.Hosting;
using Netperf.Testing.GitHub;
using Netperf.Testing.Integration;

namespace Netperf.Azure.Tests.Remoting;

/// <summary>
/// The Windows runner install step, run for real through the Run Command shell (its wrapper under pwsh, as a Windows VM
/// runs it): the registration token must reach config.cmd, which Run Command hands the script as a protected parameter
/// piped to it, never on the process's standard input ([Console]::In stays empty there).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AzureWindowsRunnerInstallTests
{
    [IntegrationFact(Prerequisite.Linux, Prerequisite.Pwsh)]
    public async Task InstallAsync_WindowsClientThroughRunCommand_ConfigCmdGetsTheRegistrationToken()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Pwsh);
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-2022"));
        var root = Directory.CreateTempSubdirectory("netperf-winrunner-");
        await using var github = await FakeGitHubServer.StartAsync();
        try
        {
            host.Fake.GuestHandler = new LocalScriptGuest(host.Pump, root.FullName).HandleAsync;

            // The runner's folder already holds config.cmd (so the package is not expanded): a stand-in that reports a
            // digest of the token it was given, and its arguments.
            var name = RunnerInstaller.RunnerName(pair.Id);
            var folder = Directory.CreateDirectory(Path.Combine(root.FullName, "runners", name)).FullName;
            var report = Path.Combine(root.FullName, "config.report");
            var config = Path.Combine(folder, "config.cmd");
            await File.WriteAllTextAsync(config, $"#!/bin/sh\nprintf 'token-sha256=%s args=%s\\n' \"$(printf '%s' \"$ACTIONS_RUNNER_INPUT_TOKEN\" | sha256sum | cut -c1-64)\" \"$*\" > '{report}'\n");
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddNetperf().AddGitHubRunners(o =>
            {
                o.ApiBaseUrl = github.BaseUrl;
                o.Owner = "netperf";
                o.Repository = "netperf";
                o.Token = FakeGitHubServer.DefaultToken;
            });
            services.Configure<RunnerInstallOptions>(o =>
            {
                o.PackageSource = RunnerPackageSource.PreStaged;
                o.PreStagedPackagePath = Path.Combine(root.FullName, "runner.zip");
                o.WindowsInstallRoot = Path.Combine(root.FullName, "runners");
            });
            await using var provider = services.BuildServiceProvider();

            var registration = await provider.GetRequiredService<RunnerInstaller>().InstallAsync(pair);

            var token = Assert.Single(github.IssuedRegistrationTokens);
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            var reported = (await File.ReadAllTextAsync(report)).Trim();
            Assert.StartsWith($"token-sha256={digest} args=--unattended --url ", reported, StringComparison.Ordinal);
            Assert.Contains("--runasservice", reported, StringComparison.Ordinal);
            Assert.Equal(name, registration.Name);
        }
        finally
        {
            await host.Provider.DeletePairAsync(pair.Id);
            root.Delete(recursive: true);
        }
    }
}
