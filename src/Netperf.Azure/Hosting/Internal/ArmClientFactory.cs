using System.Net.Security;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Microsoft.Extensions.Logging;

namespace Netperf.Azure.Hosting.Internal;

/// <summary>
/// Builds the one <see cref="ArmClient"/> the provider uses: client options and credential from
/// <see cref="AzureOptions"/>, else from DI, else built from settings. Network resource types get a
/// pinned api-version so no provider lookup is needed. Whoever supplied the client options, Netperf's retry
/// policy (<see cref="ArmRetryPolicy"/>: waits on the injected clock, throttling bounded by the operation
/// timeout) goes into them unless they carry a <see cref="ClientOptions.RetryPolicy"/> of their own.
/// </summary>
internal static class ArmClientFactory
{
    public static readonly string[] NetworkTypes =
    [
        "Microsoft.Network/virtualNetworks", "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Network/networkInterfaces", "Microsoft.Network/publicIPAddresses", "Microsoft.Network/natGateways",
    ];

    public static ArmClient Create(AzureOptions options, ArmClientOptions? fromServices, TokenCredential? credentialFromServices, TimeProvider timeProvider, ILogger logger)
    {
        var clientOptions = options.ClientOptions ?? fromServices ?? BuildClientOptions(options);
        clientOptions.RetryPolicy ??= new ArmRetryPolicy(options.MaxRetries, options.RetryDelay, options.RetryMaxDelay, options.OperationTimeout, timeProvider, logger);
        foreach (var type in NetworkTypes)
        {
            clientOptions.SetApiVersion(new ResourceType(type), options.Network.ApiVersion);
        }

        var credential = options.TokenCredential ?? credentialFromServices
            ?? AzureCredentialFactory.Create(options.Credential, clientOptions.Transport is HttpClientTransport transport ? transport : null);
        return new ArmClient(credential, options.SubscriptionId, clientOptions);
    }

    private static ArmClientOptions BuildClientOptions(AzureOptions options)
    {
        var clientOptions = new ArmClientOptions();
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        if (options.ArmEndpoint is { } endpoint)
        {
            var audience = options.ArmAudience ?? endpoint.GetLeftPart(UriPartial.Authority);
            clientOptions.Environment = new ArmEnvironment(endpoint, audience);
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedServerCertificateThumbprint))
        {
            // Validated: only for a loopback endpoint (a local ARM fake); every other certificate validates normally.
            var thumbprint = options.TrustedServerCertificateThumbprint;
#pragma warning disable CA2000 // The transport owns the handler for the client's lifetime.
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None
                        || string.Equals(certificate?.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
                },
            };
            clientOptions.Transport = new HttpClientTransport(handler);
#pragma warning restore CA2000
        }

        return clientOptions;
    }
}
