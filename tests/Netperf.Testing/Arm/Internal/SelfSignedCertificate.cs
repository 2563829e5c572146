using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Netperf.Testing.Arm.Internal;

/// <summary>A throw-away certificate for 127.0.0.1/localhost; nothing is added to any trust store.</summary>
internal static class SelfSignedCertificate
{
    private static readonly Lazy<byte[]> Pfx = new(() => Generate().Export(X509ContentType.Pfx, string.Empty));

    /// <summary>A copy of the process-wide certificate (generating an RSA key per fake is slow on a loaded machine).</summary>
    public static X509Certificate2 Create() => X509CertificateLoader.LoadPkcs12(Pfx.Value, string.Empty);

    private static X509Certificate2 Generate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var temporary = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // Re-import so SslStream has the private key on Linux.
        return X509CertificateLoader.LoadPkcs12(temporary.Export(X509ContentType.Pfx, string.Empty), string.Empty);
    }
}
