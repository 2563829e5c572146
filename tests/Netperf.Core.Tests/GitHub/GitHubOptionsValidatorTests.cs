using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting;
using Netperf.Core.GitHub;
using Netperf.Core.GitHub.Internal;

namespace Netperf.Core.Tests.GitHub;

public sealed class GitHubOptionsValidatorTests
{
    [Fact]
    public void Validate_NoOwnerNoAuth_NamesBothSettings()
    {
        var result = new GitHubOptionsValidator().Validate(null, new GitHubOptions());

        Assert.True(result.Failed);
        Assert.Contains("Netperf:GitHub:Owner", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Netperf:GitHub:Token", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlainHttpToRemoteHost_RefusedButLoopbackAllowed()
    {
        var remote = new GitHubOptions { Owner = "o", Token = "t", ApiBaseUrl = new Uri("http://github.example.com/") };
        var loopback = new GitHubOptions { Owner = "o", Token = "t", ApiBaseUrl = new Uri("http://127.0.0.1:5000/") };

        Assert.Contains("https", new GitHubOptionsValidator().Validate(null, remote).FailureMessage, StringComparison.Ordinal);
        Assert.True(new GitHubOptionsValidator().Validate(null, loopback).Succeeded);
    }

    [Fact]
    public void Validate_TokenAndAppTogether_Refused()
    {
        var options = new GitHubOptions { Owner = "o", Token = "t", AppId = 1, AppInstallationId = 2, AppPrivateKeyPem = "k" };

        Assert.Contains("not both", new GitHubOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGitHubRunners_InvalidOptions_FailAtStartWithoutTheToken()
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddGitHubRunners(o => { o.Token = "ghp_secret_in_options"; o.PageSize = 500; });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains("PageSize", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_secret_in_options", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunnerInstallOptionsValidator_PreStagedWithoutPath_NamesTheSetting()
    {
        var result = new RunnerInstallOptionsValidator().Validate(null, new RunnerInstallOptions { PackageSource = RunnerPackageSource.PreStaged, LinuxUser = "root" });

        Assert.Contains("PreStagedPackagePath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("LinuxUser", result.FailureMessage, StringComparison.Ordinal);
    }
}
