using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Netperf.Perf.SystemTests.Internal;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) that answers every request with the same fixed-size
/// body, so HTTP tests run with nothing else installed. Counts the requests it served.
/// </summary>
/// <remarks>
/// Written on <see cref="Socket"/> and <see cref="SslStream"/> rather than Kestrel so that Netperf.Perf needs no
/// ASP.NET Core shared framework, and rather than <see cref="HttpListener"/>, whose managed implementation takes
/// its TLS certificate only from files in a per-user folder. It serves what <see cref="HttpClient"/> sends for a
/// GET: requests without a body, one after another on a kept-alive connection.
/// </remarks>
internal sealed class FixedResponseServer : IAsyncDisposable
{
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();
    private readonly Socket _listener;
    private readonly X509Certificate2? _certificate;
    private readonly byte[] _header;
    private readonly byte[] _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Socket> _connections = [];
    private readonly List<Task> _serving = [];
    private Task _accepting = Task.CompletedTask;
    private long _requests;
    private int _disposed;

    private FixedResponseServer(Socket listener, X509Certificate2? certificate, byte[] body)
    {
        _listener = listener;
        _certificate = certificate;
        _body = body;
        _header = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n");
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Url = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    public long RequestsServed => Interlocked.Read(ref _requests);

    public static Task<FixedResponseServer> StartAsync(int responseSize, bool https, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = Streams.RandomBytes.Get(responseSize, seed: 1);
        var certificate = https ? CreateSelfSignedCertificate() : null;
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            certificate?.Dispose();
            throw;
        }

        var server = new FixedResponseServer(listener, certificate, body);
        server._accepting = server.AcceptAsync();
        return Task.FromResult(server);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] serving;
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            serving = [.. _serving];
        }

        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(serving).ConfigureAwait(false);
        _stop.Dispose();
        _certificate?.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                socket.NoDelay = true;
                lock (_gate)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        socket.Dispose();
                        return;
                    }

                    _connections.Add(socket);
                    _serving.RemoveAll(t => t.IsCompleted);
                    _serving.Add(Task.Run(() => ServeAsync(socket)));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var network = new NetworkStream(socket, ownsSocket: true);
        SslStream? tls = null;
        try
        {
            Stream stream = network;
            if (_certificate is not null)
            {
                tls = new SslStream(network, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token).ConfigureAwait(false);
                stream = tls;
            }

            await AnswerRequestsAsync(stream).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, refused the certificate, or the server stopped.
        }
        finally
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            await network.DisposeAsync().ConfigureAwait(false);
            lock (_gate)
            {
                _connections.Remove(socket);
            }
        }
    }

    /// <summary>Reads requests (headers up to the empty line) and answers each with the fixed response, until the client closes.</summary>
    private async Task AnswerRequestsAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            filled += read;
            int end;
            while ((end = buffer.AsSpan(0, filled).IndexOf(EndOfHeaders)) >= 0)
            {
                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(_header, _stop.Token).ConfigureAwait(false);
                await stream.WriteAsync(_body, _stop.Token).ConfigureAwait(false);
                var consumed = end + EndOfHeaders.Length;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }

            if (filled == buffer.Length)
            {
                // Headers larger than the buffer: not a client of this server.
                return;
            }
        }
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}
