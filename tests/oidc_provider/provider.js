// A local OpenID Connect provider for the single sign-on browser test (never for production).
// Usage: node provider.js <port> <redirect_uri> <post_logout_redirect_uri> <tenant_id>
// Any e-mail address signs in with any password (the provider's development login page); the
// grant for the one client is given at once, so no consent page is shown. Like Entra ID, the
// ID token names the person by tenant id ("tid") and object id ("oid").
import { createHash } from "node:crypto";
import Provider from "oidc-provider";

const [port, redirectUri, postLogoutRedirectUri, tenantId] = process.argv.slice(2);

// One fixed object id per person, whatever the case the address is typed in: a GUID made
// from the address.
function objectIdOf(email) {
  const hex = createHash("sha256").update(email.toLowerCase()).digest("hex");
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return [...parts, hex.slice(20, 32)].join("-");
}
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "malmo-intl-test",
      client_secret: "malmo-intl-test-secret",
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  // The openid scope's claims go into the ID token, the others only to userinfo ("/me").
  claims: { openid: ["sub", "tid", "oid"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        // "nadia.ny@malmo.se" is called "Nadia Ny".
        const name = id
          .split("@")[0]
          .split(/[._]/)
          .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
          .join(" ");
        const identity = { sub: id, tid: tenantId, oid: objectIdOf(id) };
        return { ...identity, email: id, email_verified: true, name };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["local-test-provider-cookie-key"] },
});

provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
