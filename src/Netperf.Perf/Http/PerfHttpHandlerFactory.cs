using System.Net.Security;

namespace Netperf.Perf.Http;

/// <summary>
/// The one place the framework makes HTTP handlers: every test that opens HTTP connections and the test-proxy
/// control client take theirs from here, so run-wide options such as <c>--insecure</c> apply to all of them.
/// </summary>
/// <remarks>In a test: <c>_client = new HttpClient(PerfHttpHandlerFactory.Create(Options));</c>, or through
/// <see cref="Proxy.PerfTestProxyExtensions.CreateTestProxyHandler"/>, which starts from this handler.</remarks>
public static class PerfHttpHandlerFactory
{
    /// <summary>
    /// A new <see cref="SocketsHttpHandler"/> for a run: connections pooled for the whole run, and with
    /// <see cref="PerfOptions.Insecure"/> any TLS server certificate accepted (a test proxy or a server with an
    /// untrusted development certificate).
    /// </summary>
    /// <param name="options">The run's options.</param>
    public static SocketsHttpHandler Create(PerfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        if (options.Insecure)
        {
            // --insecure is the user's explicit request to skip certificate validation (self-signed test servers).
#pragma warning disable CA5359
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
#pragma warning restore CA5359
        }

        return handler;
    }
}
