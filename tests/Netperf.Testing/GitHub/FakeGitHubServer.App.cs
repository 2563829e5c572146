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

    private FakeResponse IssueInstallationToken(string method, string path, string authorization)
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
        if (issuer != installation.AppId.ToString(CultureInfo.InvariantCulture)
            || payload.RootElement.GetProperty("exp").GetInt64() < now
            || payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64() > 600)
        {
            return Error(401, "'Expiration time' claim ('exp') is too far in the future, expired, or the issuer is wrong");
        }

        var token = "ghs_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var expires = Clock.GetUtcNow().AddHours(1);
        _appTokens[token] = expires;
        _tokens[token] = installation.Permissions;
        return new FakeResponse(201, new Dictionary<string, object?> { ["token"] = token, ["expires_at"] = expires.ToString("O", CultureInfo.InvariantCulture) });
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
