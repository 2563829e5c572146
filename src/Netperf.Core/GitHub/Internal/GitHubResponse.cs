using System.Net;
using System.Text.Json;

namespace Netperf.Core.GitHub.Internal;

/// <summary>A parsed answer: status, JSON body (when any) and the next-page link.</summary>
internal sealed class GitHubResponse : IDisposable
{
    public GitHubResponse(HttpStatusCode status, JsonDocument? body, Uri? next)
    {
        Status = status;
        Body = body;
        Next = next;
    }

    public HttpStatusCode Status { get; }

    public JsonDocument? Body { get; }

    public Uri? Next { get; }

    public JsonElement Root => Body?.RootElement ?? default;

    public void Dispose() => Body?.Dispose();
}
