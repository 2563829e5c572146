using System.Text.Json.Nodes;

namespace Netperf.Testing.Arm.Internal;

/// <summary>The Entra ID (AAD) endpoints MSAL uses for a client-secret or client-assertion credential.</summary>
internal sealed partial class ArmRouter
{
    private async Task<bool> TryTokenEndpointsAsync(ArmRequest r)
    {
        if (r.Length == 4 && r.Is(1, "oauth2") && r.Is(2, "v2.0") && r.Is(3, "token") && r.Method == "POST")
        {
            server.CountTokenRequest();
            await Json(r, 200, new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3599,
                ["ext_expires_in"] = 3599,
                ["access_token"] = "fake-aad-token",
            }).ConfigureAwait(false);
            return true;
        }

        if (r.Length == 4 && r.Is(1, "v2.0") && r.Is(2, ".well-known") && r.Is(3, "openid-configuration"))
        {
            var tenant = r[0];
            await Json(r, 200, new JsonObject
            {
                ["token_endpoint"] = $"{Base}/{tenant}/oauth2/v2.0/token",
                ["authorization_endpoint"] = $"{Base}/{tenant}/oauth2/v2.0/authorize",
                ["issuer"] = $"{Base}/{tenant}/v2.0",
                ["jwks_uri"] = $"{Base}/{tenant}/discovery/v2.0/keys",
            }).ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
