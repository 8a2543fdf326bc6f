// A local OpenID Connect provider for the single sign-on browser test (never for production).
// Usage: node provider.js <port> <redirect_uri> <post_logout_redirect_uri>
// Any e-mail address signs in with any password (the provider's development login page); the
// grant for the one client is given at once, so no consent page is shown.
import Provider from "oidc-provider";

const [port, redirectUri, postLogoutRedirectUri] = process.argv.slice(2);
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
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
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
        return { sub: id, email: id, email_verified: true, name };
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
