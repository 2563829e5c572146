using System.Net;

namespace Netperf.Core.GitHub;

/// <summary>
/// GitHub answered a request with an error. The message names the operation, the status and what
/// to do (for 401/403/404 the permission the token needs); it never contains a token.
/// </summary>
public sealed class GitHubApiException : NetperfException
{
    /// <summary>Creates the exception.</summary>
    public GitHubApiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public GitHubApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public GitHubApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status GitHub answered with, when there was an answer.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The operation that failed, such as <c>create a registration token</c>.</summary>
    public string? Operation { get; init; }

    /// <summary>The permission the operation needs, for 401/403/404 answers.</summary>
    public string? RequiredPermission { get; init; }

    /// <summary>GitHub's <c>X-GitHub-Request-Id</c>, for support requests.</summary>
    public string? RequestId { get; init; }
}
