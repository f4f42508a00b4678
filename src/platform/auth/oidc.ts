import * as oidc from 'openid-client';

/**
 * OpenID Connect sign-in (R-11.3) against the municipalities' identity provider (e.g. Entra ID).
 * Discovery happens lazily on first use, so Samdesk starts even while the provider is unreachable.
 */
export interface OidcClient {
  label: string;
  /** Builds the provider URL to send the browser to, with fresh PKCE, state and nonce. */
  begin(): Promise<{ url: string; verifier: string; state: string; nonce: string }>;
  /** Exchanges the callback for verified ID-token claims. */
  finish(callbackUrl: URL, checks: { verifier: string; state: string; nonce: string }): Promise<OidcClaims>;
}

export interface OidcClaims {
  sub: string;
  email: string | undefined;
  name: string | undefined;
}

export function createOidcClient(props: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; label: string }): OidcClient {
  let configuration: Promise<oidc.Configuration> | undefined;
  const issuerUrl = new URL(props.issuer);
  // Plain HTTP only for a provider on this machine (tests and local development).
  const insecure = issuerUrl.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuerUrl.hostname);
  const config = () => {
    configuration ??= oidc
      .discovery(issuerUrl, props.clientId, props.clientSecret, undefined, insecure ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((e: unknown) => {
        configuration = undefined;
        throw e;
      });
    return configuration;
  };
  return {
    label: props.label,
    async begin() {
      const cfg = await config();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: props.redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, verifier, state, nonce };
    },
    async finish(callbackUrl, checks) {
      const cfg = await config();
      const tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      let email = typeof claims.email === 'string' ? claims.email : undefined;
      let name = typeof claims.name === 'string' ? claims.name : undefined;
      // A conforming provider answers the `email` and `profile` claims of a code flow at the UserInfo
      // endpoint, not in the ID token (OIDC Core 5.4); Entra ID puts them in the ID token. Ask only
      // when needed; the subject of the answer must match the ID token's.
      if ((email === undefined || name === undefined) && cfg.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub);
        email ??= typeof info.email === 'string' ? info.email : undefined;
        name ??= typeof info.name === 'string' ? info.name : undefined;
      }
      // An address the provider itself says is unverified must not link an account (takeover risk).
      const verified = claims.email_verified;
      return { sub: claims.sub, email: verified === false ? undefined : email, name };
    },
  };
}
