using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Netperf.Testing.GitHub;

public sealed partial class FakeGitHubServer
{
    private readonly Dictionary<long, (long AppId, RSA Key, FakeGitHubPermission Permissions)> _installations = [];
    private readonly Dictionary<string, DateTimeOffset> _appTokens = new(StringComparer.Ordinal);

    /// <summary>Registers a GitHub App installation whose JWTs are checked against <paramref name="publicKey"/>.</summary>
    public void AddAppInstallation(long appId, long installationId, RSA publicKey, FakeGitHubPermission permissions = FakeGitHubPermission.All)
    {
        lock (_gate)
        {
            _installations[installationId] = (appId, publicKey, permissions);
        }
    }

    /// <summary>How many installation tokens the fake has issued.</summary>
    public int IssuedAppTokens
    {
        get
        {
            lock (_gate)
            {
                return _appTokens.Count;
            }
        }
    }

    private bool IsExpiredAppToken(string token) =>
        _appTokens.TryGetValue(token, out var expires) && Clock.GetUtcNow() >= expires;

    /// <summary>The body of the last installation-token request (<c>permissions</c>, <c>repositories</c>), as sent.</summary>
    public string? LastInstallationTokenRequest { get; private set; }

    private FakeResponse IssueInstallationToken(string method, string path, string authorization, string? body)
    {
        var parts = path.Split('/');
        if (method != "POST" || parts.Length != 4 || parts[3] != "access_tokens"
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var installationId)
            || !_installations.TryGetValue(installationId, out var installation))
        {
            return Error(404, "Not Found");
        }

        var jwt = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : string.Empty;
        var pieces = jwt.Split('.');
        if (pieces.Length != 3 || !installation.Key.VerifyData(
                Encoding.ASCII.GetBytes(pieces[0] + "." + pieces[1]), FromBase64Url(pieces[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Error(401, "A JSON web token could not be decoded");
        }

        using var payload = JsonDocument.Parse(FromBase64Url(pieces[1]));
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var iss = payload.RootElement.GetProperty("iss");
        var issuer = iss.ValueKind == JsonValueKind.String ? iss.GetString() : iss.GetRawText();
        var exp = payload.RootElement.GetProperty("exp").GetInt64();
        var iat = payload.RootElement.GetProperty("iat").GetInt64();

        // As lenient as GitHub: exp at most 10 minutes ahead of now and iat not in the future (both with a minute of
        // drift), so the documented iat = now - 60, exp = now + 600 (660 s apart) is accepted.
        if (issuer != installation.AppId.ToString(CultureInfo.InvariantCulture) || exp < now || exp > now + 600 + 60 || iat > now + 60 || iat >= exp)
        {
            return Error(401, "'Expiration time' claim ('exp') is too far in the future, expired, or the issuer is wrong");
        }

        LastInstallationTokenRequest = body;
        var permissions = installation.Permissions;
        HashSet<string>? repositories = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            using var request = JsonDocument.Parse(body);
            if (request.RootElement.TryGetProperty("permissions", out var asked) && asked.ValueKind == JsonValueKind.Object)
            {
                var wanted = FakeGitHubPermission.None;
                foreach (var permission in asked.EnumerateObject())
                {
                    wanted |= (permission.Name, permission.Value.GetString()) switch
                    {
                        ("administration", "write" or "admin") => FakeGitHubPermission.RepositoryAdministration,
                        ("organization_self_hosted_runners", "write" or "admin") => FakeGitHubPermission.OrganizationRunners,
                        ("actions", "read" or "write") => FakeGitHubPermission.ActionsRead,
                        _ => FakeGitHubPermission.None,
                    };
                }

                if ((wanted & ~installation.Permissions) != 0)
                {
                    return Error(422, "The permissions requested are not granted to this installation.");
                }

                permissions = wanted;
            }

            if (request.RootElement.TryGetProperty("repositories", out var names) && names.ValueKind == JsonValueKind.Array)
            {
                repositories = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var name in names.EnumerateArray().Select(n => n.GetString()).OfType<string>())
                {
                    var owners = _scopes.Where(x => x.StartsWith("repos/", StringComparison.Ordinal) && x.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (owners.Count == 0)
                    {
                        return Error(422, $"There is at least one repository that does not exist or is not accessible to the parent installation.");
                    }

                    repositories.UnionWith(owners.Select(x => x["repos/".Length..]));
                }
            }
        }

        var token = "ghs_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var expires = Clock.GetUtcNow().AddHours(1);
        _appTokens[token] = expires;
        _tokens[token] = permissions;
        if (repositories is not null)
        {
            _tokenRepositories[token] = repositories;
        }
        return new FakeResponse(201, new Dictionary<string, object?> { ["token"] = token, ["expires_at"] = expires.ToString("O", CultureInfo.InvariantCulture) });
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
