using Azure.Core;

namespace Netperf.Azure.Tests.Support;

/// <summary>A credential that hands out a fixed bearer token (the fake ARM only checks that one is present).</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public string? LastScope { get; private set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        LastScope = requestContext.Scopes.FirstOrDefault();
        return new AccessToken("fake-token", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
