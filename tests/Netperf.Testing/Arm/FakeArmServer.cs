using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Netperf.Testing.Arm.Internal;

namespace Netperf.Testing.Arm;

/// <summary>
/// A local fake of the Azure Resource Manager REST API: Kestrel on 127.0.0.1 (ephemeral port) over
/// HTTPS with a certificate generated here. The real <c>ArmClient</c> reaches it through
/// <c>ArmEnvironment(BaseUri, Audience)</c> and a transport built from <see cref="CreateTrustingHandler"/>.
/// It keeps ARM's semantics for resource groups, network resources, VMs, run commands, tags and
/// long-running operations, and exposes <see cref="State"/>, <see cref="Faults"/> and <see cref="Requests"/>.
/// </summary>
public sealed class FakeArmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ArmRequestRecord> _journal = new();
    private readonly ConcurrentDictionary<string, GuestExecution> _guests = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _timeProvider;
    private int _tokenRequests;

    private FakeArmServer(WebApplication app, X509Certificate2 certificate, FakeArmServerOptions options)
    {
        _app = app;
        _timeProvider = options.TimeProvider;
        Certificate = certificate;
        TenantId = options.TenantId;
        State = new ArmStateStore(options.SubscriptionId, options.TimeProvider);
        Faults = new ArmFaults();
        Behaviours = new ArmBehaviours();
        Lro = new LroEngine(State, Faults, options.TimeProvider);
        var router = new ArmRouter(this, State, Faults, Behaviours, Lro, options.TimeProvider);
        _app.Run(router.HandleAsync);
    }

    /// <summary>The base address, such as <c>https://127.0.0.1:36667/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The ARM audience (the base address without a trailing slash); the token scope is <c>{Audience}/.default</c>.</summary>
    public string Audience => BaseUri.GetLeftPart(UriPartial.Authority);

    /// <summary>The server certificate (self-signed, trusted only by <see cref="CreateTrustingHandler"/>).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate's SHA-1 thumbprint, for clients that pin it.</summary>
    public string CertificateThumbprint => Certificate.Thumbprint;

    /// <summary>The subscription id the fake serves.</summary>
    public string SubscriptionId => State.SubscriptionId;

    /// <summary>The tenant id its token endpoint serves.</summary>
    public string TenantId { get; }

    /// <summary>What exists.</summary>
    public ArmStateStore State { get; }

    /// <summary>Latency, failures, throttling, misreported Run Commands.</summary>
    public ArmFaults Faults { get; }

    /// <summary>What the real service always does (Run Command output tail and latencies, NIC reservation, agent delay, policy tags, private subnets...); on by default.</summary>
    public ArmBehaviours Behaviours { get; }

    /// <summary>The clock the fake measures latencies and windows on.</summary>
    public TimeProvider Clock => _timeProvider;

    /// <summary>
    /// Answers run-command scripts as a VM would. The default runs Netperf's Run Command wrapper around a script
    /// that succeeds with no output (<see cref="RunCommandWrapperGuest"/>). It runs on a thread-pool thread; the
    /// token is cancelled when the run command is replaced, deleted or times out.
    /// </summary>
    public Func<GuestCommand, CancellationToken, Task<GuestResult>> GuestHandler { get; set; } =
        new RunCommandWrapperGuest((_, _) => Task.FromResult(GuestResult.Ok)).HandleAsync;

    /// <summary>
    /// Called when the fake starts creating a VM (a new one; outside the fake's lock, while its creation runs): a guest
    /// that keeps VMs (<see cref="LinuxShellGuest.Provision"/>) provisions it meanwhile, as Azure does (its admin user).
    /// </summary>
    public Action<GuestMachine>? OnVirtualMachineCreating { get; set; }

    /// <summary>
    /// Called when a VM is gone (its own delete or its resource group's), with its resource group and name, outside the
    /// fake's lock and before the deletion's operation is reported done: a guest that keeps a VM's disk and processes
    /// (<see cref="LinuxShellGuest.RemoveMachine"/>) drops them here.
    /// </summary>
    public Action<string, string>? OnVirtualMachineRemoved { get; set; }

    /// <summary>Called for every ARM request before it is handled (method, path and query, kind); tests use it to cancel at a step.</summary>
    public Action<string, string, ArmOperationKind>? OnRequest { get; set; }

    /// <summary>Every ARM request received so far, in order.</summary>
    public IReadOnlyList<ArmRequestRecord> Requests => [.. _journal];

    /// <summary>How many token requests the fake Entra endpoint answered.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Long-running operations not yet completed.</summary>
    public int OperationsInProgress => Lro.InProgress;

    /// <summary>True when no resource of any kind exists.</summary>
    public bool IsEmpty => State.Snapshot().Count == 0;

    internal LroEngine Lro { get; }

    /// <summary>Starts a fake on 127.0.0.1 with an ephemeral port.</summary>
    /// <param name="options">Subscription, tenant and clock; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running fake.</returns>
    public static async Task<FakeArmServer> StartAsync(FakeArmServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeArmServerOptions();
        var certificate = SelfSignedCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        });
        var app = builder.Build();
        var server = new FakeArmServer(app, certificate, options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var url = app.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        server.BaseUri = new Uri(url.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// A handler that trusts this fake's certificate only (by thumbprint); every other certificate
    /// goes through normal validation. The caller owns (and disposes) the handler.
    /// </summary>
    /// <returns>A new handler.</returns>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var thumbprint = CertificateThumbprint;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None
                    || string.Equals(certificate?.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
    }

    /// <summary>A one-line description of what exists, for assertion messages.</summary>
    /// <returns>The resource ids, comma-separated.</returns>
    public string DescribeState() => string.Join(", ", State.Snapshot().Select(r => $"{r.Id} [{r.ProvisioningState}]"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var guest in _guests.Values)
        {
            await guest.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Certificate.Dispose();
    }

    internal void RaiseRequest(string method, string pathAndQuery, ArmOperationKind kind) => OnRequest?.Invoke(method, pathAndQuery, kind);

    internal void Journal(ArmRequestRecord record) => _journal.Enqueue(record);

    internal void RaiseVirtualMachineCreating(GuestMachine machine) => OnVirtualMachineCreating?.Invoke(machine);

    internal void RaiseVirtualMachineRemoved(ArmResource resource)
    {
        if (resource.Type.Equals(ArmTypes.VirtualMachine, StringComparison.OrdinalIgnoreCase) && resource.ResourceGroup is { } group)
        {
            if (OnVirtualMachineRemoved is { } removed)
            {
                State.DeferUnlocked(() => removed(group, resource.Name));
            }
        }
    }

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    internal GuestExecution StartGuest(string runCommandId, GuestCommand command, TimeSpan timeout)
    {
        var cancellation = new CancellationTokenSource();
        var handler = GuestHandler;
        var task = Task.Run(async () =>
        {
            var run = handler(command, cancellation.Token);
            var timer = Task.Delay(timeout, _timeProvider, cancellation.Token);
            var first = await Task.WhenAny(run, timer).ConfigureAwait(false);
            if (first == run)
            {
                try
                {
                    return await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return new GuestResult(137, string.Empty, "The script was cancelled.");
                }
                catch (Exception e)
                {
                    return new GuestResult(1, string.Empty, e.Message);
                }
            }

            await cancellation.CancelAsync().ConfigureAwait(false);
            return (GuestResult?)null;
        });
        var execution = new GuestExecution { Task = task, Cancellation = cancellation, StartedAt = _timeProvider.GetUtcNow() };
        _guests[runCommandId] = execution;
        return execution;
    }

    internal void CancelGuest(string runCommandId)
    {
        if (_guests.TryRemove(runCommandId, out var execution))
        {
            execution.Cancellation.Cancel();
        }
    }
}
